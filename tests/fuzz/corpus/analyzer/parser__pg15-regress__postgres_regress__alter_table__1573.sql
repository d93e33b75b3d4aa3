drop table attbl, atref;
