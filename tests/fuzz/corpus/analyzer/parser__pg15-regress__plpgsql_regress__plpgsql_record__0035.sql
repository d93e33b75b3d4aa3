select getq1(retc(344));
