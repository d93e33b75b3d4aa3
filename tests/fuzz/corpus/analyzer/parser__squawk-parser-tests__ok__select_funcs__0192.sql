with wrapper);
select json_query(a, b
