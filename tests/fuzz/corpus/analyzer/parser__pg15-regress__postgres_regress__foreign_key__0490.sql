insert into pktable2 values (1, 2, 3, 4, 5);
