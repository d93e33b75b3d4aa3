CREATE MATERIALIZED VIEW "public"."user_countries_view" 
AS (
    select distinct "client_id", "address"->>'country' as "country" 
    from "users" where "users"."address"->>'country' IS NOT NULL
);
