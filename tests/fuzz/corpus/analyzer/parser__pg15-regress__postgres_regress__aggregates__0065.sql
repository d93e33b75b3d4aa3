SELECT regr_syy(b, a) FROM aggtest;
