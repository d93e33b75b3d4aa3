select polyf(int4range(1,10));
