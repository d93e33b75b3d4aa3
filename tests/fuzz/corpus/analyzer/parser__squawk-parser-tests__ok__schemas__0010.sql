table schema.table;
