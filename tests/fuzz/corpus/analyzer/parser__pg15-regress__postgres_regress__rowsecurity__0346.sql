DELETE FROM bv1 WHERE a = 6 AND f_leak(b);
