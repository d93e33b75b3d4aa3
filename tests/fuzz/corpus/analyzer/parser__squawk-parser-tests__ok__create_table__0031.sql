create unlogged table t (
  a int,
  b int generated always as (
    a * 2
  ) stored
);

-- generated virtual (pg18)
create table t (
  a int,
  b int generated always as (a + 1)
