create table gc1() inherits (c1);
