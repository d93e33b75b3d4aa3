select a, b from selfref;
