insert into inserttest (f2[1], f2[2]) select 7,8;
