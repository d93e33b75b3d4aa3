SELECT jsonb_object_agg(1, NULL::jsonb);
