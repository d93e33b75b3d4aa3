create rule r as on select
  to t
  do nothing;

-- full
