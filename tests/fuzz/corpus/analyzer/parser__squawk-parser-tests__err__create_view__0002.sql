,a, b) as select 1;
