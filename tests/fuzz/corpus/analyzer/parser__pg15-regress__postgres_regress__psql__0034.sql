execute q;
