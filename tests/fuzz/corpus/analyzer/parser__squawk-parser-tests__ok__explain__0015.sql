explain ((select 1));
