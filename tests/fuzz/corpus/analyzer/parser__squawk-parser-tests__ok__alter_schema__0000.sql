alter schema s rename to n;

-- owner
