SELECT * FROM z1 WHERE f_leak(b);
