select localtime(5);

-- localtimestamp
