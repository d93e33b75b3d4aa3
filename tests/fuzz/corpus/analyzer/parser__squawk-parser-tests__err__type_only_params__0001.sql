in) as select 1;
create operator class c for type int using btree as function 1 (
