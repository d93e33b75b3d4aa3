select (select (select view_a)) from view_a;
