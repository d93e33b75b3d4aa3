ANALYZE prt2_m;
