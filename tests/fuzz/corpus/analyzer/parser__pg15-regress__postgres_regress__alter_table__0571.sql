insert into atacc1 (a,b,c,d) values (10,11,12,13);
