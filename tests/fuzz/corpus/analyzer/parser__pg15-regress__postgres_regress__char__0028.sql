SELECT ''::text::"char";
