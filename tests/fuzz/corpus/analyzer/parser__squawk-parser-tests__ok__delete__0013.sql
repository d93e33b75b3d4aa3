delete from t 
returning *, foo + bar, foo.*;


-- with
