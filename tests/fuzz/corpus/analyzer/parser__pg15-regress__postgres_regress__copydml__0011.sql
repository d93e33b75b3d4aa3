copy (delete from copydml_test) to stdout;
