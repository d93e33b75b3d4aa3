do $$
declare x record := row(1,2,3);
begin
  raise notice 'x = %', x;
end$$;
