update some_tab set a = a + 1 where false;
