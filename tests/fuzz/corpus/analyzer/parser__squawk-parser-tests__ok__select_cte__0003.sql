with t(a, b) as (
  select 1, 2
)
select * from t;

-- adjacent quoted aliases
