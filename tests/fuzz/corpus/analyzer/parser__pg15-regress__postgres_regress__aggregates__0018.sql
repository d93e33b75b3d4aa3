SELECT var_samp(b) FROM aggtest;
