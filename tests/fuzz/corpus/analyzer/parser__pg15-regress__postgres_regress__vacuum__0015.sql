DELETE FROM vactst WHERE i != 0;
