import { useId, useState } from "react";
import { whatIf } from "../../../lib/formula";
import { useI18n } from "../../../lib/i18n";
import type { PlannedSeries } from "../../../api/types";

/** Slide the target service level; SS, ROP and the order are recomputed by the same formula. */
export function ServiceLevelWhatIf({ row, unitCode }: { row: PlannedSeries; unitCode?: string | null }) {
  const { t, fixed, pct, brl, int, unit } = useI18n();
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
  };
  const result = whatIf(inputs, level);
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
      {row.ss_method === "empirical" && <p className="muted small">{t("whatIfNormalOnly")}</p>}
      <dl className="inputs">
        <div>
          <dt>{t("zFactor")}</dt>
          <dd data-testid="what-if-z">{fixed(result.z, 3)}</dd>
        </div>
        <div>
          <dt>{t("safetyStock")}</dt>
          <dd data-testid="what-if-ss">{fixed(result.safetyStock, 2)}</dd>
        </div>
        <div>
          <dt>{t("reorderPoint")}</dt>
          <dd data-testid="what-if-rop">{fixed(result.reorderPoint, 2)}</dd>
        </div>
        <div>
          <dt>{t("newSuggested")}</dt>
          <dd data-testid="what-if-qty">
            {int(result.suggestedQty)} {unit(unitCode ?? row.unit)}
          </dd>
        </div>
        <div>
          <dt>{t("extraCost")}</dt>
          <dd data-testid="what-if-cost">
            {brl(result.extraCostBRL)} ({fixed(result.extraStock, 2)} {unit(unitCode ?? row.unit)})
          </dd>
        </div>
      </dl>
    </div>
  );
}
