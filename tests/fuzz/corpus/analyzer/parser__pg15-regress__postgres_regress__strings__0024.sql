\\';
SELECT E'wrong: \udb99
