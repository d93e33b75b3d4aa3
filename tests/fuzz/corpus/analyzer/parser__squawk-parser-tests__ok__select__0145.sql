select row(1);
