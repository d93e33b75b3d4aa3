select * from f1(42);
