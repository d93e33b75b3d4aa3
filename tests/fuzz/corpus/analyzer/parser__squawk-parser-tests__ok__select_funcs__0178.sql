as p0
 columns (
  nested path '$.movies[*]' as p1 columns (
   nested path '$.actors[*]' as p11 columns (
    aname text path '$.name'),
   nested path '$.directors[*]' as p12 columns (
    dname text path '$.name')),
  nested path '$.books[*]' as p2 columns (
   bname text path '$.name'))
 plan (p0 outer ((p1 inner (p11 cross p12)) union p2))) as jt;

-- json_table_plan_default
select * from json_table(
 js, '$.favorites[*]'
