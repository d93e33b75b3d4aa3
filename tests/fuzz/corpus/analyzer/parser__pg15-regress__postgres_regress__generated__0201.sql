SELECT * FROM gtest22c WHERE a = 1 AND b > 0;
