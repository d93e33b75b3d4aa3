select pg_catalog.varchar(100) '{123}';

select foo[10].bar
