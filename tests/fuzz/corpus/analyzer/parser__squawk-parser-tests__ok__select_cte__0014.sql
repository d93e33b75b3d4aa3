with t2 as (
    with t as (
        select 1
    )
    select * from t
)
select * from t2;

-- timestamp_edge_cases
