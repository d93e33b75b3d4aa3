CREATE TABLE mvtest_foo(a, b) AS VALUES(1, 10);
