create type t as ();
