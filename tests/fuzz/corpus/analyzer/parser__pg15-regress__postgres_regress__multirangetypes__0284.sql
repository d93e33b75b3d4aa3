select nummultirange() << numrange(1,2);
