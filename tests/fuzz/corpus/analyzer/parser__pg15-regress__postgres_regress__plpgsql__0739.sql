do $$ declare x text[]; begin x := '{1.23, 4.56}'::numeric[]; end $$;
