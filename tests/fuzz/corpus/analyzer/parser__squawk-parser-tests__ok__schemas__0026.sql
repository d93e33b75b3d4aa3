set role foo;
