select array[]::text[];
