ANALYZE vactst, vactst;
