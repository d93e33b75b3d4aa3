drop function f();
