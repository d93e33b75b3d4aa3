select * from t left join t2 using (id, foo);

-- right
