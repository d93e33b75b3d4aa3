with t as (select 1 e, 2 b, 3 u)
select e"bar", b"b", u"u" from t;

-- materialized
