select trim(both a);
