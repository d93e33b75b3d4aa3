copy attest(a) to stdout;
