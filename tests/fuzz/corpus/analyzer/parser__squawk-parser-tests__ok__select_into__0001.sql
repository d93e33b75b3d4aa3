select a, b, c into t from t2;
