update atacc1 set test_a = 1;
