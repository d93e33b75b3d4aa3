show v;
