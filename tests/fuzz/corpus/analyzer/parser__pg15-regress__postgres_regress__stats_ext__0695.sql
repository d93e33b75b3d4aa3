set search_path to public, stts_s1;
