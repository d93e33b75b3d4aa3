CREATE FUNCTION functest_S_3() RETURNS boolean
    RETURN false;
