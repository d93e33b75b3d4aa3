SELECT chr(0);
