property graph g
  vertex tables (v default label no properties label l properties (id));
