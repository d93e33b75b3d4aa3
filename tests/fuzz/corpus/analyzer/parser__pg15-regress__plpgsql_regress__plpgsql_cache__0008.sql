create function show_result_type(text) returns text language plpgsql as
$$
    declare
        r record;
        t text;
    begin
        execute $1 into r;
        select pg_typeof(r.a) into t;
        return format('type %s value %s', t, r.a::text);
    end;
$$;
