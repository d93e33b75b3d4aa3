' - third line'
	AS "Illegal comment within continuation";

-- Unicode escapes
