create table match_source as
  select x as id, x*10 as data, x/10 as ten from generate_series(1,100) x;
