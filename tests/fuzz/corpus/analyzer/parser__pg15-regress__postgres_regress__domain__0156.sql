[1] = array[98];
