repack using index;
