drop materialized view if exists a, b, c restrict;
