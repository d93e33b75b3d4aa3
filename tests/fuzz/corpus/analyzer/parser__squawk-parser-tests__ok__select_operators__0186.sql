select a <@ b;
