drop type t;
