select ROW();
