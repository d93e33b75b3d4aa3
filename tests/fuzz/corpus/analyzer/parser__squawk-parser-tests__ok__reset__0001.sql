reset all;
