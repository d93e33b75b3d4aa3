abort;
