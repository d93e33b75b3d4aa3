select * from f() t(a, b, c);
