on (a) from t;

-- full
