select forc01();
