do $$
begin
  assert 1=0;  -- should fail
end;
$$;
