table t union table t;
