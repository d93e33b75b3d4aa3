select * from rtest_admin order by pname, sysname;
