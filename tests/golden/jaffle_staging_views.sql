-- (catalog helper, not a test: the jaffle_shop staging models as views)
CREATE VIEW stg_customers AS
with source as (
    select * from raw_customers

),

renamed as (

    select
        id as customer_id,
        first_name,
        last_name

    from source

)

select * from renamed
;
CREATE VIEW stg_orders AS
with source as (
    select * from raw_orders

),

renamed as (

    select
        id as order_id,
        user_id as customer_id,
        order_date,
        status

    from source

)

select * from renamed
;
CREATE VIEW stg_payments AS
with source as (
    select * from raw_payments

),

renamed as (

    select
        id as payment_id,
        order_id,
        payment_method,

        -- `amount` is currently stored in cents, so we convert it to dollars
        amount / 100 as amount

    from source

)

select * from renamed
;
