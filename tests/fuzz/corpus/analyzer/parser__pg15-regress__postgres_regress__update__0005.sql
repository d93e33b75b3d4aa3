UPDATE update_test SET a = DEFAULT, b = DEFAULT;
