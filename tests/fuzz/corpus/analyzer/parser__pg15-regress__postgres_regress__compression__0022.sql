UPDATE cmmove2 SET f1 = cmdata1.f1 FROM cmdata1;
