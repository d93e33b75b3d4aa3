select composrec();
