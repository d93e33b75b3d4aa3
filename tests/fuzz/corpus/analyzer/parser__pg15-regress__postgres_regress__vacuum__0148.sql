arg) does_not_exist;
