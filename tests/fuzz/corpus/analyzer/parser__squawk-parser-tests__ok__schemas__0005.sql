create schema authorization foo;
