analyse;

-- select with

select
