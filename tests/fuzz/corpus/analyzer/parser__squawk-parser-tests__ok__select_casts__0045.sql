local;

select c at
