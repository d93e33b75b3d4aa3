select (table t);

-- union
-- simple
