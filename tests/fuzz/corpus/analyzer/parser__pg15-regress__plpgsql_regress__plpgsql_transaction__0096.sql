DO LANGUAGE plpgsql $$
BEGIN
    SAVEPOINT foo;
END;
$$;
