create table t (
  a text,
  like bar.b including comments
);

-- like options
