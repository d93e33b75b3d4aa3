grant all privileges 
  on table t, b, c
  to current_user, current_role
  with grant option
  granted by public;
