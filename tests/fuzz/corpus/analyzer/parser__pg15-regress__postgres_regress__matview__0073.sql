CREATE TABLE mvtest_foo(a, b, c) AS VALUES(1, 2, 3);
