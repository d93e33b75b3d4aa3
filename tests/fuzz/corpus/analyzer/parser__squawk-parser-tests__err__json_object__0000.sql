]);
select json_object(
