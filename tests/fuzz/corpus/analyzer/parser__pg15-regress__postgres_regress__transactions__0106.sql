SELECT trans_foo;
