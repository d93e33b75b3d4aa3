(a, b);
ALTER PUBLICATION testpub1_forschema ADD TABLES IN SCHEMA foo,
