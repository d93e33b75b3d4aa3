select pg_temp.whoami();
