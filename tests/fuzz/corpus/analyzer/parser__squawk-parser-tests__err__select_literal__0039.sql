. .5 ;
select 1
