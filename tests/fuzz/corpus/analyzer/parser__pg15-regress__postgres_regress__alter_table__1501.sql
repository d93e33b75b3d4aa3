create table p11 (like p1);
