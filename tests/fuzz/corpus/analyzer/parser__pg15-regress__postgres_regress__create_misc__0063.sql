SELECT *
   FROM b_star* x
   WHERE x.b = text 'bumble' or x.a < 3;
