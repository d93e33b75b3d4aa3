delete from fkpart3.pkey;
