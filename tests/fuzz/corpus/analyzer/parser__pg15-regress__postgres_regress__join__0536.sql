insert into j3 values(1),(1);
