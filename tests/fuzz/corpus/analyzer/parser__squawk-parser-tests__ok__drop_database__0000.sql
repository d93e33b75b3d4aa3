drop database d;
