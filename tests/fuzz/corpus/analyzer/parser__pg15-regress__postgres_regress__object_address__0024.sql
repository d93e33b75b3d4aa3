CREATE PROCEDURE addr_nsp.proc(int4) LANGUAGE SQL AS $$ $$;
