select not x is null;
