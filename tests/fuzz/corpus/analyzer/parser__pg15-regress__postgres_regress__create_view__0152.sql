alter table tt3 rename c to d;
