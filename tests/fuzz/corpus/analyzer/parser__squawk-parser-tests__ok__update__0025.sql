UPDATE t SET a[1] = 2, b[1:2] = '{1,2}', c.d = 3;
