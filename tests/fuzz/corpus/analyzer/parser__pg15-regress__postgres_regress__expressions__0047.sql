create function myintin(cstring) returns myint strict immutable language
  internal as 'int4in';
