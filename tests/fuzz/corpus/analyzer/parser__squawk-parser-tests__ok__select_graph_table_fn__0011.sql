match - {1,2} columns (a)
);

select * from graph_table(
  foo
