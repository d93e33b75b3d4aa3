SELECT (SELECT count(*) FROM test32_0) = (SELECT count(*) FROM test32_1);
