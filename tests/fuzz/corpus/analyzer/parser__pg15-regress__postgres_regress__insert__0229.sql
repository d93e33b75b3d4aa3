alter table mlparted add e int, add d int;
