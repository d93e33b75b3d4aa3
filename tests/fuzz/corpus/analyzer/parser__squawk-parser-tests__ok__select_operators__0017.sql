select u#foo;
