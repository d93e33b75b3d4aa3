SELECT a[2:], b[2:][2:] FROM arrtest_s;
