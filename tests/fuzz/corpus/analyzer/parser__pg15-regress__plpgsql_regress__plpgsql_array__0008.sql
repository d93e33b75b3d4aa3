do $$ declare a int[];
begin a[1:2] := array[3,4]; raise notice 'a = %', a; end$$;
