alter view v rename column a to b;
