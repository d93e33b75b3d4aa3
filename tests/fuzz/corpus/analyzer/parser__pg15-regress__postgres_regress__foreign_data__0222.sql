DROP FOREIGN TABLE ft_part1, ft_part2;
