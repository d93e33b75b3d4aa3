select b,c,d from atacc1;
