alter domain d
  set schema s;
