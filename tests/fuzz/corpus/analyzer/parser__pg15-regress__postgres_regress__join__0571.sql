insert into j2 values(1,2);
