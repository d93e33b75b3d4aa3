\u061';
SELECT E'wrong:
