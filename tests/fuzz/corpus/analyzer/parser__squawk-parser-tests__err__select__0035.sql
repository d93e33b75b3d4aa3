analyze;

select
