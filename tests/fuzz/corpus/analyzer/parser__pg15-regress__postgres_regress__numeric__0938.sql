SELECT variance(a) FROM num_variance;
