SELECT lo_tell(fd) FROM lotest_stash_values;
