drop schema if exists a, b, c;
