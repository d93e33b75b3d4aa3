drop aggregate a(*);

-- full
