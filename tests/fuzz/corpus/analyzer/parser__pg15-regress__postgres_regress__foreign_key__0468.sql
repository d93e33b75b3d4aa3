update pp set f1=f1+1;
