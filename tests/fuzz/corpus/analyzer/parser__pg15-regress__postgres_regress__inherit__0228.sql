create table c2(f3 int) inherits(p1,p2);
