select foo[1];
