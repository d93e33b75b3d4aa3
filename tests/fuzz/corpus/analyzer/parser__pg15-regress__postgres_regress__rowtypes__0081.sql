select ROW() IS NULL;
