select f1(42) as int, f1(4.5) as num;
