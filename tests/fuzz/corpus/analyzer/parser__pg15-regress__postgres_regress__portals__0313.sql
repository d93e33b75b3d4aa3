UPDATE cursor SET a = 2;
