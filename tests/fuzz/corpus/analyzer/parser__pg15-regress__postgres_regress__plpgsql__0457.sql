select stricttest();
