tablespace t) index i;
