insert into b (a, num) values ('p', 1);
