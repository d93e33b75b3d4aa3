CALL transaction_test7();
