create function f()
  returns void
  language sql
  transform for type foo
  window
  immutable
  not leakproof
  strict
  external security invoker
  parallel safe
  cost 1000
  rows 1000
  support foo.bar
  set a.b = 10
  as ''
  as 'foo', 'bar'
  return (select 1);

-- regression
