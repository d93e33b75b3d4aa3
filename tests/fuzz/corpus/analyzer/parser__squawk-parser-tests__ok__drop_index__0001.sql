drop index foo.i;
