select u&foo;
