CREATE PUBLICATION testpub2;  -- ok
