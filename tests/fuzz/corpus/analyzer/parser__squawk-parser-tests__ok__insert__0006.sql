with recursive t as (
  select *
)
insert into t as foo(a, b, c)
overriding system value select 1;

-- pg_docs_examples
