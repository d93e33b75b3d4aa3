alter foreign table t
  alter c set storage main;

alter foreign table t
  alter c set storage
