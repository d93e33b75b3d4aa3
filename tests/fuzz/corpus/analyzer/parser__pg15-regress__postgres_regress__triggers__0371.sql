insert into parent values (1, 'a', 'a', 'a', 'a', 0);
