DROP FUNCTION testns.foo();
