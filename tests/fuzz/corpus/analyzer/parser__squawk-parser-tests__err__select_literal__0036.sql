0e ;
select 1
