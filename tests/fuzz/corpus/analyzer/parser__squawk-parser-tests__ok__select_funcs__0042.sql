select xmlforest(foo, bar, buzz);
