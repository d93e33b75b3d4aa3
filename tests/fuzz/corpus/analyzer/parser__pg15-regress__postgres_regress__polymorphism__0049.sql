select polyf(int4multirange(int4range(1,10), int4range(20,30)));
