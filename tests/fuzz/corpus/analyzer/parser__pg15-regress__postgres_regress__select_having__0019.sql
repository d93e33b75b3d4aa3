SELECT 1 AS one FROM test_having HAVING 1 > 2;
