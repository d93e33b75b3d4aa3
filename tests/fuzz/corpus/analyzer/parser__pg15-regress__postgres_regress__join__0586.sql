create table j3 as select unique1, tenthous from onek;
