with t as (delete from k)
select 1;

-- pg_docs
