listen foo;
