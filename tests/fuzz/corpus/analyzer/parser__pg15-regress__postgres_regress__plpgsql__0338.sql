select f1(42);
