explain merge into t
  using u
    on t.id = u.id
  when matched then 
    do nothing;

-- execute
