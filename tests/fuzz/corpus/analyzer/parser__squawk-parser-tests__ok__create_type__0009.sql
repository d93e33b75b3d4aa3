create type t;
