create foreign data wrapper w;

-- full
create foreign data wrapper w
