union select 2);
select ((1)
