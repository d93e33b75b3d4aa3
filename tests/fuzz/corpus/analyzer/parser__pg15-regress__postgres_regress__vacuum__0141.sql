ANALYZE vactst, does_not_exist, vacparted;
