alter sequence s
  set schema x;
