insert into users values('user1');
