select * from t * as r(a, b, c) tablesample sample_method (10, 23, 50) repeatable (42);

-- from select stmt
select * from
