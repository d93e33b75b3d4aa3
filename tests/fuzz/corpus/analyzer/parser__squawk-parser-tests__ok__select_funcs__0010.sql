select least(a, 1);
