lock table t, only b, c *;

-- lock_mode
