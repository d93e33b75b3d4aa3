select * from rows from(f() as (x int), g() as (y int));
