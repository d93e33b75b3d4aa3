explain (costs off) select * from p_t1 group by a,b,c,d;
