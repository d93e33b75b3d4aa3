create rule r as on insert to t do instead (notify foo; (select 1););
