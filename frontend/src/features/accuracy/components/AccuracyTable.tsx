import type { Schemas } from "../../../api/client";
import { useWarehouseName } from "../../../api/warehouses";
import { useI18n } from "../../../lib/i18n";

/** Backtest and live side by side per group: RMSSE against the seasonal naive, bias, coverage. */
const GROUP_LABELS: Record<string, string> = { model: "model_", demand_class: "cls_" };

export function AccuracyTable({ rows, by }: { rows: Schemas["AccuracyGroup"][]; by?: string }) {
  const { t, num, pct, int, label } = useI18n();
  const warehouseName = useWarehouseName();
  const group = (value: string | null) =>
    by === "warehouse" ? warehouseName(value) : label(GROUP_LABELS[by ?? ""] ?? "", value);
  return (
    <div className="table-scroll">
      <table data-testid="accuracy-table">
        <thead>
          <tr>
            <th scope="col">{t("group")}</th>
            <th scope="col">{t("sourceCol")}</th>
            <th scope="col" className="num">{t("series")}</th>
            <th scope="col" className="num">{t("rmsseMedian")}</th>
            <th scope="col" className="num">{t("rmsseMean")}</th>
            <th scope="col" className="num">{t("snaive")}</th>
            <th scope="col" className="num">{t("wape")}</th>
            <th scope="col" className="num">{t("bias")}</th>
            <th scope="col" className="num">{t("coverage80")}</th>
            <th scope="col" className="num">{t("coverage95")}</th>
            <th scope="col" className="num">{t("degraded")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const better = r.rmsse_mean != null && r.rmsse_snaive_mean != null && r.rmsse_mean < r.rmsse_snaive_mean;
            return (
              <tr key={`${r.group}|${r.source}`}>
                <th scope="row">{group(r.group)}</th>
                <td>{label("src_", r.source)}</td>
                <td className="num">{int(r.series)}</td>
                <td className="num">{num(r.rmsse_median, 3)}</td>
                <td className={`num ${better ? "good" : ""}`}>{num(r.rmsse_mean, 3)}</td>
                <td className="num">{num(r.rmsse_snaive_mean, 3)}</td>
                <td className="num">{pct(r.wape_mean)}</td>
                <td className="num">{num(r.bias_mean, 3)}</td>
                <td className="num">{pct(r.coverage80_mean)}</td>
                <td className="num">{pct(r.coverage95_mean)}</td>
                <td className="num">{pct(r.degraded_share)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
