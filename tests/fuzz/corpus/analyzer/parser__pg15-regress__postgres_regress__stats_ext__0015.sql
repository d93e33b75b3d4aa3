, y) FROM ext_stats_test; -- tuple expression
