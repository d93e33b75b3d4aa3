select mytable.two_d_column[17][34];
