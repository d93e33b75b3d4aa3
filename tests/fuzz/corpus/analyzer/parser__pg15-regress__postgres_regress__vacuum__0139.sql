ANALYZE vactst, vacparted;
