CREATE FUNCTION sum_hour_arrays( IN p_left int8[], IN p_right int8[] ) RETURNS int8[] AS $$
DECLARE
    i int4;
    v_result int8[];
BEGIN
    FOR i IN 0..23 LOOP
        v_result[i] := p_left[i] + p_right[i];
    END LOOP;
    RETURN v_result;
END;
$$ LANGUAGE plpgsql;


-- https://www.crunchydata.com/blog/postgres-partitioning-with-a-default-partition
