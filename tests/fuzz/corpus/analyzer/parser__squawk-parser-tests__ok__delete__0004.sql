delete from t as a;
