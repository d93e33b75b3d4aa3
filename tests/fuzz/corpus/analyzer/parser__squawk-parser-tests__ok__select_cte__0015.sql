with t(timestamp) as (select 1)
select timestamp from t;
