explain (
  analyze,
  verbose,
  costs,
  costs true,
  costs false,
  settings,
  generic_plan,
  buffers,
  serialize,
  serialize none,
  serialize text,
  serialize binary,
  wal,
  timing,
  summary,
  memory,
  format text,
  format xml,
  format json,
  format yaml,
  verbose 'true',
  costs yes,
  settings no
)
select 1;

-- doc_example_1
