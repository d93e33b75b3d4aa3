with ordinality);  -- fail, WITH is a reserved word
