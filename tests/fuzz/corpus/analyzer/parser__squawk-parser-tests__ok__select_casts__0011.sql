select '{}' :: int[] :: int8[] :: numeric[1];
