with recursive t as (
  select 1
)
select * from t;
