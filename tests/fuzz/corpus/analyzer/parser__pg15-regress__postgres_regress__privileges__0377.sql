SELECT one FROM atest5 NATURAL JOIN atest6; -- ok
