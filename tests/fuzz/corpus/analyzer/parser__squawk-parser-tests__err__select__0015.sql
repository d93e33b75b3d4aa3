200));
select cast(x as varchar(100
