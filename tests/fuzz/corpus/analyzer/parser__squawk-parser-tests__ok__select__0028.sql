select 1 = any(with t as (select 1) select * from t);
