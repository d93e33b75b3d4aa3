select dfunc(a =>+1);
