select f1, f1[1], (f1[1])[1] from dposintatable;
