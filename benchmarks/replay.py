"""A closed-loop replay of periodic-review (R, s, S) policies on known daily demand (pure numpy).

Several policies run side by side on the same series, demand and lead-time draws (common random
numbers), so their differences are the policies' alone. Each day, in the order the sample
generator uses:

1. orders due today arrive in the morning;
2. demand is served from the shelf while stock lasts; the rest is lost (lost sales);
3. on a review day (days 0, R, 2R, ... of the replay) the planner orders
   ``max(0, S - IP)`` when ``IP = on_hand + on_order <= s``, rounded as the product rounds a
   suggestion (up to a whole unit, then to ``order_multiple``, at least ``moq``); it arrives
   after the lead time drawn for that series and day.

Service measures:

- fill rate: served / demanded units;
- cycle service level: share of replenishment cycles without lost demand, a cycle being the days
  from an order (exclusive) to its arrival (exclusive: it arrives in the morning); cycles whose
  arrival falls after the replay are not counted;
- review-period service: share of (series, review period) pairs without lost demand, over
  series with demand in the replay;
- stockout days: (series, day) pairs with lost demand;
- average stock: mean over days of the end-of-day sum of on_hand x unit cost (BRL).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Outcome:
    """Per policy x series totals (arrays (P, N)) and per-policy daily stock value (P, T)."""

    demand: np.ndarray
    served: np.ndarray
    stockout_days: np.ndarray
    cycles: np.ndarray
    cycles_ok: np.ndarray
    periods: np.ndarray
    periods_ok: np.ndarray
    orders: np.ndarray
    stock_value: np.ndarray  # (P, N): mean over days of on_hand x unit_cost


def round_order(qty: np.ndarray, moq: np.ndarray, multiple: np.ndarray) -> np.ndarray:
    """A positive quantity rounded up to a whole unit, then to the multiple, at least moq."""
    q = np.ceil(np.round(qty, 9))
    m = np.where(multiple > 0, multiple, 1.0)
    q = np.where(multiple > 0, np.ceil(np.round(q / m, 9)) * m, q)
    q = np.maximum(q, np.where(moq > 0, moq, 0.0))
    return np.where(qty > 0, q, 0.0)


def simulate(
    demand: np.ndarray,
    on_hand: np.ndarray,
    open_arrivals: np.ndarray,
    reorder_point: np.ndarray,
    order_up_to: np.ndarray,
    lead_draws: np.ndarray,
    unit_cost: np.ndarray,
    review_days: int,
    moq: np.ndarray | None = None,
    multiple: np.ndarray | None = None,
) -> Outcome:
    """Replay P policies on N series for T days.

    demand (N, T) units; on_hand (N,) at the start; open_arrivals (N, T) units of open orders
    arriving on each day (what was on order at the start); reorder_point, order_up_to (P, N),
    or (P, N, T) for policies re-planned during the replay (the values in force each day);
    lead_draws (N, T) integer days >= 1: the lead time of an order placed on that day.
    """
    n, t_days = demand.shape
    p = reorder_point.shape[0]
    moq = np.zeros(n) if moq is None else np.nan_to_num(moq)
    multiple = np.zeros(n) if multiple is None else np.nan_to_num(multiple)
    horizon = t_days + int(lead_draws.max()) + 2
    arrivals = np.zeros((p, n, horizon))
    arrivals[:, :, :t_days] += open_arrivals[None, :, :]
    stock = np.broadcast_to(on_hand.astype(float), (p, n)).copy()
    on_order = np.broadcast_to(open_arrivals.sum(axis=1), (p, n)).copy()
    lost = np.zeros((p, n, t_days))
    value = np.zeros((p, n))
    orders = np.zeros((p, n), dtype=np.int64)
    placed: list[tuple[np.ndarray, np.ndarray, int]] = []  # (policy idx, series idx, day)
    for t in range(t_days):
        stock += arrivals[:, :, t]
        on_order -= arrivals[:, :, t]
        served = np.minimum(stock, demand[None, :, t])
        lost[:, :, t] = demand[None, :, t] - served
        stock -= served
        if t % review_days == 0:
            position = stock + on_order
            rop = reorder_point[:, :, t] if reorder_point.ndim == 3 else reorder_point
            up = order_up_to[:, :, t] if order_up_to.ndim == 3 else order_up_to
            want = np.where(position <= rop, up - position, 0.0)
            qty = round_order(np.maximum(want, 0.0), moq[None, :], multiple[None, :])
            pi, si = np.nonzero(qty > 0)
            if pi.size:
                arrive = t + lead_draws[si, t]
                np.add.at(arrivals, (pi, si, arrive), qty[pi, si])
                on_order[pi, si] += qty[pi, si]
                orders[pi, si] += 1
                placed.append((pi, si, t))
        value += stock * unit_cost[None, :]
    # Cycles: lost demand strictly between the order day and the arrival day.
    cum = np.concatenate([np.zeros((p, n, 1)), np.cumsum(lost > 1e-9, axis=2)], axis=2)
    cycles = np.zeros((p, n), dtype=np.int64)
    cycles_ok = np.zeros((p, n), dtype=np.int64)
    for pi, si, t in placed:
        arrive = t + lead_draws[si, t]
        done = arrive <= t_days - 1
        pi, si, arrive = pi[done], si[done], arrive[done]
        bad = cum[pi, si, arrive] - cum[pi, si, t + 1] > 0
        np.add.at(cycles, (pi, si), 1)
        np.add.at(cycles_ok, (pi, si), (~bad).astype(np.int64))
    n_periods = -(-t_days // review_days)
    pad = n_periods * review_days - t_days
    lost_any = np.pad(lost > 1e-9, ((0, 0), (0, 0), (0, pad))).reshape(p, n, n_periods, -1)
    has_demand = demand.sum(axis=1) > 0
    periods = np.where(has_demand, n_periods, 0)[None, :].repeat(p, axis=0)
    periods_ok = np.where(has_demand[None, :], n_periods - lost_any.any(axis=3).sum(axis=2), 0)
    total = demand.sum(axis=1)
    return Outcome(
        demand=np.broadcast_to(total, (p, n)).copy(),
        served=total[None, :] - lost.sum(axis=2),
        stockout_days=(lost > 1e-9).sum(axis=2),
        cycles=cycles,
        cycles_ok=cycles_ok,
        periods=periods,
        periods_ok=periods_ok,
        orders=orders,
        stock_value=value / t_days,
    )


def lead_time_draws(samples: list[np.ndarray], n_days: int, rng: np.random.Generator) -> np.ndarray:
    """(N, n_days) lead times: series i draws from ``samples[i]`` (days, at least 1)."""
    out = np.empty((len(samples), n_days), dtype=np.int64)
    for i, values in enumerate(samples):
        out[i] = np.maximum(1, np.rint(rng.choice(values, size=n_days))).astype(np.int64)
    return out


def summarize(outcome: Outcome, policy: int, select: np.ndarray) -> dict[str, float]:
    """One policy's figures over the selected series."""

    def total(a: np.ndarray) -> float:
        return float(a[policy, select].sum())

    demand = total(outcome.demand)
    cycles, periods = total(outcome.cycles), total(outcome.periods)
    return {
        "series": int(select.sum()),
        "fill_rate": total(outcome.served) / demand if demand > 0 else float("nan"),
        "cycle_service": total(outcome.cycles_ok) / cycles if cycles else float("nan"),
        "cycles": cycles,
        "period_service": total(outcome.periods_ok) / periods if periods else float("nan"),
        "stockout_days": total(outcome.stockout_days),
        "stock_brl": total(outcome.stock_value),
        "orders": total(outcome.orders),
        "demand": demand,
        "served": total(outcome.served),
        "cycles_ok": total(outcome.cycles_ok),
        "periods": periods,
        "periods_ok": total(outcome.periods_ok),
    }
