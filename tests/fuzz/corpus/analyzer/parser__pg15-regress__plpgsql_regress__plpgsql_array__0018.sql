do $$ declare a int[];
begin a := from onecol; raise notice 'a = %', a; end$$;
