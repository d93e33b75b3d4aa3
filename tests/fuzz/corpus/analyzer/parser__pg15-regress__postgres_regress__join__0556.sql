insert into j1 values(1,1),(1,2);
