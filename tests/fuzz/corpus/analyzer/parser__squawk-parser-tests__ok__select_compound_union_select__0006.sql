select a, b, c into t from t2 union (select 2);
