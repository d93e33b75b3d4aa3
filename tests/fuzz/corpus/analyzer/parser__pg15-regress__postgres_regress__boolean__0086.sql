SELECT istrue OR isfalse OR isnul FROM booltbl4;
