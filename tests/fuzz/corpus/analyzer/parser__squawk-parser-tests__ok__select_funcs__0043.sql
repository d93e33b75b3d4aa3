select xmlforest(foo as bar);

-- xmlparse
