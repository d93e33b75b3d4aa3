with t as (select 1, 2, 3)
merge into u
  using t
    on t.id = u.id
  when matched then
    do nothing;

-- doc_example_1
