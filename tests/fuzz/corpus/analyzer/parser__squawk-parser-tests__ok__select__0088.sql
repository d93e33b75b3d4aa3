select * from (select 1) as t(a, b, c);
