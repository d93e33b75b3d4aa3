drop sequence if exists a, b, c restrict;
