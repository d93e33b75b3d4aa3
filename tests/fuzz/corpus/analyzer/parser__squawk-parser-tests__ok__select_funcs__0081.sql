absent on null);
select json_array(a
