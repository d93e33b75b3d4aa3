SELECT name FROM tab_settings_flags
  WHERE no_show_all AND NOT not_in_sample
  ORDER BY 1;
