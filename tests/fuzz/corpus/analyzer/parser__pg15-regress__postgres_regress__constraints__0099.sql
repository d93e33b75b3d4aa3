UPDATE INSERT_TBL SET x = z, z = x;
