release foo;
