alter table t rename constraint a to b;

-- set_schema
