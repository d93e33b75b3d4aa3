with f as (select 2)
select * from t;

with 
   a as (
      select 1
   ) -- <-- missing a comma
