alter index i set (a);
