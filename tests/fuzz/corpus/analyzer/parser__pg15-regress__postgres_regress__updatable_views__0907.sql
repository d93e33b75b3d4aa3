insert into base_tab_def values (5, default, default, default, default),
                                (6, default, default, default, default);
