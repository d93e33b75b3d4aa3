merge into t
  using u
    on t.id = u.id
  when matched then 
    do nothing
  when matched then 
    do nothing;


-- when_clauses_all
merge into t
  using u
    on t.id = u.id
  when not matched then
    do nothing
  when matched then 
    do nothing
  when not matched
