variadic);
