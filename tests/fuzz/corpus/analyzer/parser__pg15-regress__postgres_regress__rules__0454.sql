update t1 set a = 4 where a = 5;
