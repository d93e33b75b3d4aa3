SELECT count(DISTINCT x) FROM test3ci;
