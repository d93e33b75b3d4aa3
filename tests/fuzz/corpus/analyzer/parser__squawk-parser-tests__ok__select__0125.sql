select 1 group by ();

-- simple expr
