select atacc1.* from atacc1;
