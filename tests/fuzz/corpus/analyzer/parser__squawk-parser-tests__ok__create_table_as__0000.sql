create temp table t on commit drop as
  execute f(a);

-- select
