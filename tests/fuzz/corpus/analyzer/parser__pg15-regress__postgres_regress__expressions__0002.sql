SELECT now()::timetz(4)::text = current_time(4)::text;
