with q as (
  select 1
)
delete from t as a
  using q as d
  where a.id = d.id;
