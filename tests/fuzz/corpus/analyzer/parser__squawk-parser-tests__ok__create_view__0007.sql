create or replace temp recursive view foo (a, b, c)
with (foo = bar, buzz)
as select 1, 2, 3;
