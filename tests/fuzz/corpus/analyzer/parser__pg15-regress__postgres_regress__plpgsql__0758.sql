DO LANGUAGE plpgsql $$begin return 1; end$$;
