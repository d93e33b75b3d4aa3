unlisten *;
