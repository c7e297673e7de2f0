import { useId, useState } from "react";
import { nearestLevel, whatIf, whatIfDistribution, type WhatIf } from "../../../lib/formula";
import { useI18n } from "../../../lib/i18n";
import type { PlannedSeries } from "../../../api/types";

/** The exported grid of a distribution series: its levels and the reorder point at each; null
 * when the series' reorder point is not read from a distribution (or the grid is incomplete). */
function distributionGrid(row: PlannedSeries): { levels: number[]; values: number[] } | null {
  const levels = row.reorder_point_levels;
  const values = row.reorder_point_by_level;
  if (row.rop_method !== "distribution" || !levels?.length || values?.length !== levels.length) return null;
  return { levels, values };
}

/** Slide the target service level; SS, ROP and the order are recomputed in the browser: read from
 * the forecast distribution's grid for a distribution series (discrete steps), else by the normal
 * formula. */
export function ServiceLevelWhatIf({ row, unitCode }: { row: PlannedSeries; unitCode?: string | null }) {
  const grid = distributionGrid(row);
  return grid ? <DistributionWhatIf row={row} unitCode={unitCode} grid={grid} /> : <NormalWhatIf row={row} unitCode={unitCode} />;
}

function NormalWhatIf({ row, unitCode }: { row: PlannedSeries; unitCode?: string | null }) {
  const { t, pct } = useI18n();
  const id = useId();
  const current = row.service_level ?? 0.95;
  const [level, setLevel] = useState(current);
  const inputs = {
    lead_time_days: row.lead_time_days ?? 0,
    lead_time_std_days: row.lead_time_std_days ?? 0,
    lead_time_demand: row.lead_time_demand ?? 0,
    daily_demand: row.daily_demand ?? 0,
    demand_std: row.demand_std ?? 0,
    z: row.z ?? 0,
    safety_stock: row.safety_stock ?? 0,
    inventory_position: row.inventory_position ?? 0,
    review_days: row.review_days ?? 7,
    unit_cost: row.unit_cost,
    moq: row.moq,
    order_multiple: row.order_multiple,
  };
  const result = whatIf(inputs, level);
  const note =
    row.rop_method === "insurance" ? t("whatIfInsurance") : row.ss_method === "empirical" ? t("whatIfNormalOnly") : null;
  return (
    <div className="what-if" data-testid="what-if">
      <label htmlFor={id}>
        {t("serviceLevel")}: <strong data-testid="what-if-level">{pct(level, 1)}</strong>
      </label>
      <input
        id={id}
        type="range"
        min={0.5}
        max={0.999}
        step={0.001}
        value={level}
        onChange={(e) => setLevel(Number(e.target.value))}
        aria-valuetext={pct(level, 1)}
      />
      <p className="muted small">{t("whatIfHelp")}</p>
      {note && <p className="muted small">{note}</p>}
      <Figures result={result} row={row} unitCode={unitCode} />
    </div>
  );
}

function DistributionWhatIf({
  row,
  unitCode,
  grid,
}: {
  row: PlannedSeries;
  unitCode?: string | null;
  grid: { levels: number[]; values: number[] };
}) {
  const { t, pct } = useI18n();
  const id = useId();
  const [step, setStep] = useState(() => nearestLevel(grid.levels, row.service_level ?? 0.95));
  const result = whatIfDistribution(
    {
      levels: grid.levels,
      reorderPointByLevel: grid.values,
      lead_time_demand: row.lead_time_demand ?? 0,
      reorder_point: row.reorder_point ?? 0,
      order_up_to: row.order_up_to ?? 0,
      inventory_position: row.inventory_position ?? 0,
      unit_cost: row.unit_cost,
      moq: row.moq,
      order_multiple: row.order_multiple,
    },
    step,
  );
  const level = pct(result.serviceLevel, 1);
  return (
    <div className="what-if" data-testid="what-if">
      <label htmlFor={id}>
        {t("serviceLevel")}: <strong data-testid="what-if-level">{level}</strong>
      </label>
      <input
        id={id}
        type="range"
        min={0}
        max={grid.levels.length - 1}
        step={1}
        value={step}
        onChange={(e) => setStep(Number(e.target.value))}
        aria-valuetext={level}
        data-levels={grid.levels.join(" ")}
      />
      <p className="muted small">{t("whatIfDistribution")}</p>
      <Figures result={result} row={row} unitCode={unitCode} />
    </div>
  );
}

function Figures({ result, row, unitCode }: { result: WhatIf; row: PlannedSeries; unitCode?: string | null }) {
  const { t, fixed, brl, int, unit } = useI18n();
  const u = unit(unitCode ?? row.unit);
  return (
    <dl className="inputs">
      {result.z != null && (
        <div>
          <dt>{t("zFactor")}</dt>
          <dd data-testid="what-if-z">{fixed(result.z, 3)}</dd>
        </div>
      )}
      <div>
        <dt>{t("safetyStock")}</dt>
        <dd data-testid="what-if-ss">{fixed(result.safetyStock, 2)}</dd>
      </div>
      <div>
        <dt>{t("reorderPoint")}</dt>
        <dd data-testid="what-if-rop">{fixed(result.reorderPoint, 2)}</dd>
      </div>
      <div>
        <dt>{t("orderUpTo")}</dt>
        <dd data-testid="what-if-s">{fixed(result.orderUpTo, 2)}</dd>
      </div>
      <div>
        <dt>{t("newSuggested")}</dt>
        <dd data-testid="what-if-qty">
          {int(result.suggestedQty)} {u}
        </dd>
      </div>
      <div>
        <dt>{t("extraCost")}</dt>
        <dd data-testid="what-if-cost">
          {brl(result.extraCostBRL)} ({fixed(result.extraStock, 2)} {u})
        </dd>
      </div>
    </dl>
  );
}
