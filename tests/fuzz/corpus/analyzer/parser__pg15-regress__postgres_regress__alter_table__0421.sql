insert into atacc1 values(1);
