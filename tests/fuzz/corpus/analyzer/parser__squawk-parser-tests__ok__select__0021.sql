select array(((select 1)));

-- positional_param
