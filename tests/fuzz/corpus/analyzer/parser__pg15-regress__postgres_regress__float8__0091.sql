SELECT exp('inf'::float8), exp('-inf'::float8), exp('nan'::float8);

-- cube root
