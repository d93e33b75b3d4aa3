select * from f() t;
