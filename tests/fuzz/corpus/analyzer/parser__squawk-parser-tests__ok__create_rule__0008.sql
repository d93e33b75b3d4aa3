create rule r as on insert to t do instead table t;
