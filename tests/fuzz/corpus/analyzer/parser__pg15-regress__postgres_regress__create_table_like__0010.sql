CREATE TABLE inhf (LIKE inhx, LIKE inhx); /* Throw error */
