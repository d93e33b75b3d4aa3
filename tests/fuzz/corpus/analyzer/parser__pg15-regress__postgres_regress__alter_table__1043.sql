alter table alter1.v1 set schema alter2;
