alter table p11 drop a;
