select max(a) over (partition by b) as c from t;

-- window name
