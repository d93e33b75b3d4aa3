do $$
declare x int := sin(0);
begin
  raise notice 'x = %', x;
end$$;
