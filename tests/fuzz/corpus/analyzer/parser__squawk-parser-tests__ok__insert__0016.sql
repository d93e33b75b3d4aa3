INSERT INTO t (a, b.c, x.y.z, d[1], e[1:2], f[:], g[1:], h[:2], i.j[1].k)
    VALUES (1, 2, 3, 4, 5, 6, 7, 8, 9);
