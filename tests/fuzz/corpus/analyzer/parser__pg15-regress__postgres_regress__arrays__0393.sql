select length(md5((f1[1]).c2)) from dest;
