insert into base_tab_def values (4, default, default, default, default);
