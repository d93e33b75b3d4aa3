values (1), (2) union values (3), (4);
