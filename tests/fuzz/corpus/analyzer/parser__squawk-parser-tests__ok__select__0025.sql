select * from t where c = any(c);
