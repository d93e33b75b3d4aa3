select numrange(1.1, 2.2) < numrange(1.1, 1.2);
