alter user u reset p;
