create view v as (select 1);
