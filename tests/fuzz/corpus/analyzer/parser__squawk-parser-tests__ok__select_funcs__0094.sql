select exists(select 1 from t where a = b);
