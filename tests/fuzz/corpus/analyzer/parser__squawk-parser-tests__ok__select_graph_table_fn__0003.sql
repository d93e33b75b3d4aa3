match -[ foo is bar where x > 10 ]->
    where x > 10 and z = 4 
    columns (a)
);
select * from graph_table(
  foo
