CREATE FUNCTION test1 (int) RETURNS int LANGUAGE internal
    AS 'nosuch';
