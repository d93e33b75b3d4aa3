SELECT xmlforest(c1, c2, c3, c4) FROM testxmlschema.test3;
