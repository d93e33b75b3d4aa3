SET LOCAL search_path = ctl_schema, public;
