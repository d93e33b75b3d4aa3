alter language x rename to y;
