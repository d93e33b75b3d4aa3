select f(all c);
