select substring(a for b from c);
