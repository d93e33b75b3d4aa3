comment on view v is '';
