alter view v reset (a, b, c);
