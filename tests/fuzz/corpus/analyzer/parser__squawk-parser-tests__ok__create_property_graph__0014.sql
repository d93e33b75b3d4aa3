property graph foo.bar
  vertex tables (boo, buzz)
  edge tables (
    bar
      source z
      destination y,
    foo
      source z
      destination y
  );

-- default label
create
