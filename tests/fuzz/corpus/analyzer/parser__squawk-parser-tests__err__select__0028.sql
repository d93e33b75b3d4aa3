and c > 10;
select having
