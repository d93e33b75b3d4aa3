select (select (select 1) union select 1);
