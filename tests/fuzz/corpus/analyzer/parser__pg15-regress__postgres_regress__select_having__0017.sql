SELECT a FROM test_having HAVING min(a) < max(a);
