EXECUTE fooplan(1, 'Hunter Valley', 't', 200.00);
