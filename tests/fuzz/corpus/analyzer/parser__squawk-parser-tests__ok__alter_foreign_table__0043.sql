alter foreign table t
  inherit u;
