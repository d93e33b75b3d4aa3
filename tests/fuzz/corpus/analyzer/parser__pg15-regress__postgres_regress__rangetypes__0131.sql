SELECT * FROM textrange_test WHERE 'e'::text <@ tr;
