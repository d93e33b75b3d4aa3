alter procedure p
  reset c;
