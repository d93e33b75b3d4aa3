SELECT nummultirange() + nummultirange();
