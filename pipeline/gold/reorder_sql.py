"""The set work of ``pipeline.gold.reorder`` (its module docstring says what each step means).

Templates: ``{moq}``, ``{order_multiple}``, ``{expected_date}`` and ``{lump_size}`` are filled
with the column or a typed null, as the caller's relations have them or not; the ``{..._view}``
names are the intermediate tables ``reorder_points`` registers.
"""

from __future__ import annotations

ROP_METHODS = ("distribution", "normal_fallback", "insurance")
ADI_CUTOFF = 1.32
CV2_CUTOFF = 0.49

DEMAND_VIEW = "__reorder_demand"
DISTRIBUTION_VIEW = "__reorder_distribution"
EMPIRICAL_VIEW = "__reorder_empirical"
INSURANCE_VIEW = "__reorder_insurance"

DEMAND_SQL = f"""
with

service_levels as (
    select unnest($criticalities) as criticality, unnest($service_levels) as service_level,
        unnest($z_values) as z
),

series_items as (
    select s.item_id, s.warehouse_id, i.criticality, i.unit_cost, i.supplier_id, i.category,
        p.nominal_lead_time_days, {{moq}} as moq, {{order_multiple}} as order_multiple
    from (select distinct item_id, warehouse_id from series) s
    join items i using (item_id)
    join suppliers p using (supplier_id)
),

received_orders as (
    select item_id, supplier_id,
        date_diff('day', order_date, received_date)::double as order_to_receipt_days,
        greatest($min_lead_time, order_to_receipt_days) as point_days
    from purchase_orders
    where received_date is not null and received_date <= $as_of and received_date >= order_date
),

lead_time_history as (
    select item_id, supplier_id, count(*) as observations,
        avg(order_to_receipt_days) as mean_days,
        coalesce(stddev_samp(order_to_receipt_days), 0) as std_days,
        if(count(*) <= $max_points, list(point_days order by point_days),
            quantile_cont(point_days, $point_levels)) as points
    from received_orders
    group by all
),

lead_times as (
    select si.*,
        coalesce(lh.observations, 0) as lead_time_observations,
        coalesce(lh.observations, 0) >= $min_observations as lead_time_from_history,
        greatest(
            $min_lead_time,
            if(lead_time_from_history, lh.mean_days, si.nominal_lead_time_days::double)
        ) as lead_time_days,
        if(lead_time_from_history, lh.std_days, 0.0) as lead_time_std_days,
        if(lead_time_from_history, 'history', 'nominal') as lead_time_source,
        if(lead_time_from_history, lh.points,
            [greatest($min_lead_time, si.nominal_lead_time_days::double)]) as lead_time_points,
        len(lead_time_points) as lead_time_point_count,
        list_min(lead_time_points) as lead_time_min_days,
        list_max(lead_time_points) as lead_time_max_days
    from series_items si
    left join lead_time_history lh using (item_id, supplier_id)
),

history_rows as (
    select d.item_id, d.warehouse_id, coalesce(d.quantity, 0)::double as quantity,
        coalesce(d.censored, false) as censored
    from demand_daily d
    semi join series_items s using (item_id, warehouse_id)
    where d.date between $window_start and $as_of
),

history as (
    select item_id, warehouse_id,
        count(*) filter (censored) as censored_days,
        count(*) filter (quantity > 0) as demand_days,
        coalesce(sum(quantity) filter (not censored), 0) as observed_sum,
        coalesce(sum(quantity * quantity) filter (not censored), 0) as observed_sum_sq,
        count(*) filter (not censored and quantity > 0) as observed_demand_days,
        avg(quantity) filter (not censored and quantity > 0) as mean_size,
        var_pop(quantity) filter (not censored and quantity > 0) as var_size
    from history_rows
    group by all
),

history_stats as (
    select s.item_id, s.warehouse_id,
        $history_days - coalesce(h.censored_days, 0) as history_observed_days,
        coalesce(h.censored_days, 0) as history_censored_days,
        coalesce(h.demand_days, 0) > 0 as has_history_demand,
        if(history_observed_days > 0,
            coalesce(h.observed_sum, 0) / history_observed_days, 0.0) as history_daily_demand,
        if(history_observed_days > 0,
            sqrt(greatest(0.0, coalesce(h.observed_sum_sq, 0) / history_observed_days
                - history_daily_demand * history_daily_demand)), 0.0) as history_demand_std,
        if(h.observed_demand_days > 0,
            history_observed_days / h.observed_demand_days, null) as adi,
        h.var_size / (h.mean_size * h.mean_size) as cv2,
        case
            when adi is null then 'no_demand'
            when adi < {ADI_CUTOFF} and cv2 < {CV2_CUTOFF} then 'smooth'
            when adi < {ADI_CUTOFF} then 'erratic'
            when cv2 < {CV2_CUTOFF} then 'intermittent'
            else 'lumpy'
        end as history_class
    from series_items s
    left join history h using (item_id, warehouse_id)
),

lookback_window as (
    select greatest($lookback_start, coalesce((select min(date) from demand_daily), $as_of))
        as first_day
),

lookback as (
    select s.item_id, s.warehouse_id,
        coalesce(sum(d.quantity), 0)::double as lookback_demand_units,
        date_diff('day', any_value(w.first_day), $as_of) + 1 as lookback_days
    from series_items s
    cross join lookback_window w
    left join demand_daily d
        on d.item_id = s.item_id and d.warehouse_id = s.warehouse_id
        and d.date between w.first_day and $as_of
    group by s.item_id, s.warehouse_id
),

forecast_rows as materialized (
    select f.item_id, f.warehouse_id, date_diff('day', $as_of, f.date) as day_ahead,
        f.yhat::double as yhat, f.demand_class, f.model
    from forecast f
    semi join series_items s using (item_id, warehouse_id)
    where f.date > $as_of
),

forecast_summary as (
    select item_id, warehouse_id,
        arg_min(demand_class, day_ahead) as demand_class,
        arg_min(model, day_ahead) as model,
        max(day_ahead) as forecast_days,
        sum(yhat) as forecast_total,
        bool_or(yhat > 0) as has_positive_forecast
    from forecast_rows
    group by all
),

forecast_lead_time_demand as (
    select f.item_id, f.warehouse_id,
        sum(f.yhat * least(1.0, greatest(0.0, lt.lead_time_days - (f.day_ahead - 1))))
            as covered_demand
    from forecast_rows f
    join lead_times lt using (item_id, warehouse_id)
    group by all
),

open_orders as (
    select item_id, warehouse_id, max({{expected_date}}) as open_orders_expected_by
    from purchase_orders
    where order_date <= $as_of and (received_date is null or received_date > $as_of)
    group by all
),

final as (
    select lt.*, hs.* exclude (item_id, warehouse_id), lb.* exclude (item_id, warehouse_id),
        lb.lookback_demand_units / lb.lookback_days as long_run_daily_demand,
        fs.item_id is not null as has_forecast,
        coalesce(fs.demand_class, hs.history_class) as demand_class,
        fs.model,
        not hs.has_history_demand and not coalesce(fs.has_positive_forecast, false) as no_demand,
        if(has_forecast,
            fl.covered_demand + greatest(0.0, lt.lead_time_days - fs.forecast_days)
                * fs.forecast_total / fs.forecast_days,
            lt.lead_time_days * hs.history_daily_demand) as fallback_lead_time_demand,
        if(has_forecast, 'forecast', 'history') as fallback_demand_source,
        has_forecast and coalesce(isfinite(e.sigma_1d), false) as std_from_forecast,
        if(std_from_forecast, e.sigma_1d, hs.history_demand_std) as demand_std,
        if(std_from_forecast, 'forecast_error', 'history') as demand_std_source,
        {{lump_size}} as lump_size,
        oo.open_orders_expected_by,
        sl.service_level, sl.z
    from lead_times lt
    join history_stats hs using (item_id, warehouse_id)
    join lookback lb using (item_id, warehouse_id)
    join service_levels sl using (criticality)
    left join forecast_summary fs using (item_id, warehouse_id)
    left join forecast_lead_time_demand fl using (item_id, warehouse_id)
    left join error_scale e using (item_id, warehouse_id)
    left join open_orders oo using (item_id, warehouse_id)
)

select * from final
"""

_EMPIRICAL_SERIES_CTE = f"""
empirical_series as (
    select item_id, warehouse_id, lead_time_days + $review_days as lead_time_days, service_level,
        row_number() over (order by item_id, warehouse_id) - 1 as series_row
    from {DEMAND_VIEW}
    anti join {DISTRIBUTION_VIEW} using (item_id, warehouse_id)
    where list_contains($empirical_classes, demand_class)
)"""

EMPIRICAL_SERIES_SQL = f"""
with
{_EMPIRICAL_SERIES_CTE},

final as (
    select * from empirical_series
)

select * from final order by series_row
"""

EMPIRICAL_DAYS_SQL = f"""
with
{_EMPIRICAL_SERIES_CTE},

final as (
    select s.series_row, date_diff('day', $window_start, d.date) as day_index,
        coalesce(d.quantity, 0)::double as quantity, coalesce(d.censored, false) as censored
    from demand_daily d
    join empirical_series s using (item_id, warehouse_id)
    where d.date between $window_start and $as_of
)

select * from final
"""

# Dormant-part candidates: the insurance criticalities with demand in the lookback.
INSURANCE_CANDIDATES_SQL = f"""
with

final as (
    select item_id, warehouse_id, long_run_daily_demand, lead_time_days, service_level
    from {DEMAND_VIEW}
    where list_contains($insurance_criticalities, criticality) and lookback_demand_units > 0
)

select * from final
"""

REORDER_SQL = f"""
with

methods as (
    select d.*, q.* exclude (item_id, warehouse_id), e.* exclude (item_id, warehouse_id),
        i.insurance_reorder_point,
        i.item_id is not null and (d.no_demand
            or coalesce(q.distribution_lead_time_demand, d.fallback_lead_time_demand) <= 0
            or (d.demand_class = 'no_recent_demand'
                and coalesce(q.distribution_reorder_point, 0) < 1)) as dormant,
        case
            when dormant then 'insurance'
            when q.item_id is not null then 'distribution'
            else 'normal_fallback'
        end as rop_method,
        case rop_method
            when 'insurance' then d.long_run_daily_demand * d.lead_time_days
            when 'distribution' then q.distribution_lead_time_demand
            else d.fallback_lead_time_demand
        end as lead_time_demand,
        case rop_method
            when 'insurance' then 'long_run_history'
            when 'distribution' then 'distribution'
            else d.fallback_demand_source
        end as demand_source,
        lead_time_demand / d.lead_time_days as daily_demand,
        d.no_demand and not dormant as is_no_demand
    from {DEMAND_VIEW} d
    left join {DISTRIBUTION_VIEW} q using (item_id, warehouse_id)
    left join {EMPIRICAL_VIEW} e using (item_id, warehouse_id)
    left join {INSURANCE_VIEW} i using (item_id, warehouse_id)
),

safety as (
    select *,
        daily_demand * $review_days as review_demand,
        z * sqrt((lead_time_days + $review_days) * demand_std * demand_std
            + daily_demand * daily_demand * lead_time_std_days * lead_time_std_days)
            as safety_stock_normal,
        rop_method = 'normal_fallback' and coalesce(empirical_lead_time_demand
            - lead_time_demand - review_demand > safety_stock_normal, false) as empirical_wins,
        case
            when rop_method = 'insurance' then insurance_reorder_point
            when rop_method = 'distribution' then distribution_reorder_point
            when empirical_wins then empirical_lead_time_demand
            else lead_time_demand + review_demand + safety_stock_normal
        end as reorder_point,
        reorder_point - lead_time_demand - review_demand as safety_stock,
        case
            when rop_method in ('insurance', 'distribution') then rop_method
            when empirical_wins then 'empirical'
            else 'normal'
        end as ss_method,
        -- an insured dormant part is stocked in whole units: the fraction of a unit a review
        -- period expects would round every order up by one more unit of a part that rarely moves
        reorder_point + if(rop_method = 'insurance', floor(review_demand), review_demand)
            as order_up_to,
        case rop_method
            when 'insurance' then format(
                'dormant critical part (criticality {{}}): {{}} units in the last {{}} days, '
                || 'the forecast stocks nothing over the lead time; Poisson quantile of {{}} '
                || 'units/day over {{}} days (lead time + review)',
                criticality, round(lookback_demand_units, 2), lookback_days,
                round(long_run_daily_demand, 4), round(lead_time_days + $review_days, 1))
            when 'distribution' then format(
                'service-level quantile of the forecast distribution over {{}} lead time(s) '
                || '+ {{}} review days{{}}',
                lead_time_point_count, $review_days,
                if(distribution_extrapolated, format(', extrapolated beyond its last horizon of '
                    || '{{}} days', distribution_horizon_days), ''))
            when 'normal_fallback' then if($distribution_available,
                'series not in the current forecast distribution: normal formula',
                'no forecast distribution in the current ML export: normal formula')
        end as rop_reason
    from methods
),

inventory as (
    select s.*,
        coalesce(inv.on_hand, 0)::double as on_hand,
        coalesce(inv.on_order, 0)::double as on_order
    from safety s
    left join inventory_current inv using (item_id, warehouse_id)
),

orders as (
    select *,
        on_hand + on_order as inventory_position,
        not is_no_demand and inventory_position <= reorder_point
            and order_up_to > inventory_position as triggered,
        if(triggered, ceil(round(order_up_to - inventory_position, 6)), 0) as whole_units,
        if(whole_units > 0, greatest(whole_units, coalesce(moq, 0)), 0) as after_moq,
        ceil(round(if(coalesce(order_multiple, 0) > 0,
            ceil(round(after_moq / order_multiple, 9)) * order_multiple, after_moq), 6))::bigint
            as suggested_order_qty
    from inventory
),

positions as (
    select *,
        if(daily_demand > 0, on_hand / daily_demand, null) as days_of_cover,
        greatest($excess_min_days, $excess_multiple * (lead_time_days + $review_days))
            as excess_cover_threshold_days,
        case
            when is_no_demand then 'no_demand'
            when on_hand <= 0 then 'stockout'
            when on_hand <= safety_stock then 'critical'
            when suggested_order_qty > 0 then 'reorder'
            when on_hand > order_up_to and days_of_cover > excess_cover_threshold_days
                then 'excess'
            else 'ok'
        end as status,
        case
            when status = 'no_demand' then 'no demand in the history window and no positive '
                || 'forecast: nothing to plan'
            when suggested_order_qty > 0 then format(
                'inventory position {{}} <= reorder point {{}}: order {{}} units up to {{}}',
                round(inventory_position, 2), round(reorder_point, 2), suggested_order_qty,
                round(order_up_to, 2))
            when status in ('stockout', 'critical') and on_order > 0
                and inventory_position > reorder_point then format(
                'covered by open orders of {{}} units arriving by {{}}',
                round(on_order, 2), coalesce(strftime(open_orders_expected_by, '%Y-%m-%d'),
                    'an unknown date'))
            when status in ('stockout', 'critical') then format(
                'nothing to order: inventory position {{}} already at the order-up-to level {{}}',
                round(inventory_position, 2), round(order_up_to, 2))
            when status = 'excess' then format(
                'on hand {{}} above the order-up-to level {{}} with {{}} days of cover',
                round(on_hand, 2), round(order_up_to, 2), round(days_of_cover, 1))
            else format('inventory position {{}} above the reorder point {{}}',
                round(inventory_position, 2), round(reorder_point, 2))
        end as status_reason
    from orders
),

forecast_cumulative as (
    select f.item_id, f.warehouse_id, date_diff('day', $as_of, f.date) as day_ahead,
        sum(f.yhat) over (partition by f.item_id, f.warehouse_id order by f.date) as cumulative
    from forecast f
    semi join {DEMAND_VIEW} d using (item_id, warehouse_id)
    where f.date > $as_of and f.date <= $as_of::date + $horizon::integer
),

forecast_stockouts as (
    select fc.item_id, fc.warehouse_id, min(fc.day_ahead) as stockout_day
    from forecast_cumulative fc
    join positions p using (item_id, warehouse_id)
    where fc.cumulative > p.on_hand
    group by all
),

stockouts as (
    select p.*,
        case
            when p.status = 'no_demand' then null
            when p.on_hand <= 0 then 0
            when p.has_forecast then fs.stockout_day
            when p.history_daily_demand > 0
                then floor(round(p.on_hand / p.history_daily_demand, 9))::bigint + 1
        end as stockout_day
    from positions p
    left join forecast_stockouts fs using (item_id, warehouse_id)
),

final as (
    select *,
        $as_of::date as as_of_date,
        $review_days as review_days,
        if(stockout_day <= $horizon, $as_of::date + stockout_day::integer, null)
            as projected_stockout_date,
        if(projected_stockout_date is null, null,
            greatest($as_of::date, projected_stockout_date - ceil(lead_time_days)::integer))
            as order_by_date,
        on_hand * unit_cost as inventory_value_brl,
        suggested_order_qty * unit_cost as suggested_order_value_brl
    from stockouts
)

select * from final order by item_id, warehouse_id
"""
