select a,b,c,d from atacc1;
