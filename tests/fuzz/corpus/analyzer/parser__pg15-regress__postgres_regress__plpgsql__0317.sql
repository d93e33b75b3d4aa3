select f1(int4range(42, 49)) as int, f1(float8range(4.5, 7.8)) as num;
