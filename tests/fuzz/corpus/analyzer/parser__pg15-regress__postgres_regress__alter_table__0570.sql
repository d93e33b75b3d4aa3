insert into atacc1 (a) values (default);
