select strtest();
