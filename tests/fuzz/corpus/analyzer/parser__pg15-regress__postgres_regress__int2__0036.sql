SELECT (-1::int2<<15)::text;
