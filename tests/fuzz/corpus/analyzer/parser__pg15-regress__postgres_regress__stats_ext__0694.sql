set search_path to public, stts_s1, stts_s2, tststats;
