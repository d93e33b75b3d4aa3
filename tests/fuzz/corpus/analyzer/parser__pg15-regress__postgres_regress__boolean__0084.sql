SELECT isnul OR isfalse OR isfalse FROM booltbl4;
