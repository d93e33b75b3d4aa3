select * from (select * from t order by a) s order by a, b limit 33;
