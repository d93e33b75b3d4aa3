SELECT dup(numrange(4,7));
