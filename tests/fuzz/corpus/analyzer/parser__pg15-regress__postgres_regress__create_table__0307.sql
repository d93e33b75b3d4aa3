alter table defcheck_def drop c;
