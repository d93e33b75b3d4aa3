explain create materialized view t
  as select 1;
