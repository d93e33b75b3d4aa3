zzz;
