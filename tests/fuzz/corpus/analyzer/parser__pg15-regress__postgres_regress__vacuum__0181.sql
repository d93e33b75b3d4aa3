VACUUM pg_catalog.pg_class;
