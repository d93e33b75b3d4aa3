select dfunc();
