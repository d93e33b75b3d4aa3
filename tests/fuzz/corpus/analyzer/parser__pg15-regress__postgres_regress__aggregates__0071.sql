SELECT corr(b, a) FROM aggtest;

-- check single-tuple behavior
