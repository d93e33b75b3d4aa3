select * from atacc1 group by a;
