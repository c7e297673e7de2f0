import { useI18n } from "../../../lib/i18n";
import type { PlannedSeries } from "../../../api/types";

/** The model chosen for the series, its demand class and the model version of the snapshot. */
export function ModelPanel({ row, modelVersion }: { row: PlannedSeries; modelVersion: string | null }) {
  const { t, label } = useI18n();
  return (
    <dl className="inputs" data-testid="model-panel">
      <div>
        <dt>{t("model")}</dt>
        <dd data-testid="model-name">{row.model ? label("model_", row.model) : label("src_", row.demand_source)}</dd>
      </div>
      <div>
        <dt>{t("demandClass")}</dt>
        <dd data-testid="demand-class">{label("cls_", row.demand_class)}</dd>
      </div>
      <div>
        <dt>{t("modelVersion")}</dt>
        <dd>{modelVersion ?? t("noModel")}</dd>
      </div>
    </dl>
  );
}
