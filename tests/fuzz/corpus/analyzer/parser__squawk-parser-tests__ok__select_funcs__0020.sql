select trim(both a from a);
