drop type a, b, c;
