WHERE a = 1;
