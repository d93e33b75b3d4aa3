select int '';
