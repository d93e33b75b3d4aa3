select * from rows from(f() as (x int)) as t(a);
