do $$
begin
  assert NULL;  -- should fail
end;
$$;

-- check controlling GUC
