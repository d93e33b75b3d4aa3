drop transform for text language foo;

-- full
