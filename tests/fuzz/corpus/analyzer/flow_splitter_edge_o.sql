comment on /*/*/table*/*/ column users.email is 'govern:tags=secret';
select 1;
