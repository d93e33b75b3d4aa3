drop operator bar.bar.@@@@@@@@@@@@@@@@@ (int, int) restrict;
