drop role s;

-- full
