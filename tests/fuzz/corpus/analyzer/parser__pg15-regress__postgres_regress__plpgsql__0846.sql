do $$
begin
  assert 1=1;  -- should succeed
end;
$$;
