SELECT regr_slope(b, a), regr_intercept(b, a) FROM aggtest;
