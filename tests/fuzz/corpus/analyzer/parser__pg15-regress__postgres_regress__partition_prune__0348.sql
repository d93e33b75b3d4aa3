insert into ab values (1, 1), (1, 2), (1, 3), (2, 1);
