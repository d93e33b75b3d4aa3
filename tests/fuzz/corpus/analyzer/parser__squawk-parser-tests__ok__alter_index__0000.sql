alter index i rename to j;
