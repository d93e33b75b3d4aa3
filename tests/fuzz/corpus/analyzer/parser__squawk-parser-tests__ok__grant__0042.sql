set option;
