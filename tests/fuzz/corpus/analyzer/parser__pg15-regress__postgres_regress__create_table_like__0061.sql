DROP TABLE test_like_4, test_like_4a, test_like_4b, test_like_4c, test_like_4d;
