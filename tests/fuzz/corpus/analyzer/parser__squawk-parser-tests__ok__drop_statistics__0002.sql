drop statistics if exists a, b, c restrict;
