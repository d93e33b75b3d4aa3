set search_path = public, pg_temp;
