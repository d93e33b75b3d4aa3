do $$ declare a int[];
begin a := f1, f1 from onecol; raise notice 'a = %', a; end$$;
