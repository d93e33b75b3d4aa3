SELECT count(*) FROM test1;
