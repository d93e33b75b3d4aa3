select * from test3;
