repack;
