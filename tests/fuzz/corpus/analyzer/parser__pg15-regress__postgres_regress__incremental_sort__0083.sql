create index on t (a);
