select dfunc(a => 1, b => 2);
