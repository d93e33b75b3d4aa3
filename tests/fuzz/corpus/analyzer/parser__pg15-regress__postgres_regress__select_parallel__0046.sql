select length(stringu1) from tenk1 group by length(stringu1);
