do $$
begin
  assert 1=0;  -- won't be tested
end;
$$;
