drop routine s;

-- full
