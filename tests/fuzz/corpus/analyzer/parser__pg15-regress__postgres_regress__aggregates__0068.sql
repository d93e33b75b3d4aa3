SELECT regr_r2(b, a) FROM aggtest;
