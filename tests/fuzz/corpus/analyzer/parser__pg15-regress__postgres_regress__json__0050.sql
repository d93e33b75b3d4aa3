SELECT array_to_json(array(select 1 as a));
