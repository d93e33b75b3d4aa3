with t as (
  select 1
),
b as (
  select 2
)
select * from t, b;

-- recursive
