SELECT class, b, c
   FROM d_star* x
   WHERE x.a < 100;
