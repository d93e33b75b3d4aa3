SELECT var_pop(b) FROM aggtest;
