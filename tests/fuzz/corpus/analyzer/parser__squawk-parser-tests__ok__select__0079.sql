select * from t z(a, b, c);
