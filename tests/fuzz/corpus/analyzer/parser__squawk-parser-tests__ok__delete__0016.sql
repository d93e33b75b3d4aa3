with t2 as (
  with t as (
    select 1
  )
  select * from t
)
delete from t using t2;
