execute q (1, 1);
