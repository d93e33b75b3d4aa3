select
  ;
