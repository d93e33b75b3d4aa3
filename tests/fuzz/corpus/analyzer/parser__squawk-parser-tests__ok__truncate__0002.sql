truncate t;
