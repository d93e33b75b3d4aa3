merge into t
  using u natural join v
  on t.id = u.id
  when matched then
    do nothing;
