'argument not allowed');

-- OK
