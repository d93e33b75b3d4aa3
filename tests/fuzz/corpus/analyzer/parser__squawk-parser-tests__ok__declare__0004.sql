declare c cursor for (select 1);
