drop index i;
