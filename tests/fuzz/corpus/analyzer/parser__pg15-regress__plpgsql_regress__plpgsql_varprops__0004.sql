do $$
declare x constant int := 42;
begin
  raise notice 'x = %', x;
end$$;
