select atacc1.a from atacc1;
