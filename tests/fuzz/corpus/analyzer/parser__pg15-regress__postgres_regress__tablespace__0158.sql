CREATE TABLE testschema.atable AS VALUES (1), (2);
