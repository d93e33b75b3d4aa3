SELECT * FROM gtest22c WHERE b * 3 = 6;
