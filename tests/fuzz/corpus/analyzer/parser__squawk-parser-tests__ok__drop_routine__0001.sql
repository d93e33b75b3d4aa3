drop routine if exists a, b(text), foo.c(in f int), b(out text) cascade;
