select * from a, b;
