select pg_typeof(pg_typeof(0));   -- regtype
