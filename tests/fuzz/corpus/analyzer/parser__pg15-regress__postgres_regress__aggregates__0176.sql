explain (costs off) select * from t3 group by a,b,c;
