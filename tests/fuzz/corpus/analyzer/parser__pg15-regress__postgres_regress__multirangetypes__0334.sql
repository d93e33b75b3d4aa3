SELECT nummultirange(numrange(1,4)) - nummultirange(numrange(2,3));
