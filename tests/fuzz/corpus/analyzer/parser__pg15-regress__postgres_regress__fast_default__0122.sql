UPDATE t SET y = 2;
