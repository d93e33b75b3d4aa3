do $$
declare v_test plpgsql_domain;
begin
  v_test := 1;
end;
$$;
