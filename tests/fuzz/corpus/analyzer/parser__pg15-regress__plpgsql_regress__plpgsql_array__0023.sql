do $$ declare a real;
begin a[1] := 2; raise notice 'a = %', a; end$$;
