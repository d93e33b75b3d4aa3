xxx;

CREATE
