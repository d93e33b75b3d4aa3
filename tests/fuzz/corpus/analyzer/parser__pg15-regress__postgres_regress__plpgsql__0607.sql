select compos();
