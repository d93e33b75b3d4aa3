select $$a$$into t
