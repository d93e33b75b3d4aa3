table t;

-- only
