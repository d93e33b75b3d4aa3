select vari(3,4,5);
