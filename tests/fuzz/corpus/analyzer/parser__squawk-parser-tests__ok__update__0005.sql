update only t as t2 
set 
  bar = a * 2,
  foo = default,
  (a) = row(default),
  (b, c) = (2, 3),
  (z) = (select 1)
from a, b
where t2 = t
returning *, foo * 2 as bar;

-- pg_docs
