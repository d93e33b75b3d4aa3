select exists((table t));
