set search_path = foo, public, not_there_initially;
