SELECT max(f1), min(f1), max(f2), min(f2), max(f3), min(f3) FROM arraggtest;
