select dfunc(1,2);
