import { useI18n } from "../../../lib/i18n";

export interface ServiceWindow {
  window_days: number;
  days_in_stock_share: number | null;
  fill_rate: number | null;
  target_service_level: number | null;
  days_observed?: number | null;
}

export interface ServiceClassRow extends ServiceWindow {
  class_kind: string;
  class_name: string;
  series?: number | null;
}

/** How often the series was in stock and how much demand it filled over the last 90 and 365
 * days, beside the target service level and the same figures for its criticality and demand
 * class: the promise, checked by the planner too. */
export function AchievedService({ windows, classes = [] }: { windows: ServiceWindow[]; classes?: ServiceClassRow[] }) {
  const { t, pct, label } = useI18n();
  const byWindow = (a: ServiceWindow, b: ServiceWindow) => a.window_days - b.window_days;
  const who = (c: ServiceClassRow) =>
    c.class_kind === "criticality" ? `${t("criticality")} ${c.class_name}` : `${t("demandClass")}: ${label("cls_", c.class_name)}`;
  const rows = [
    ...[...windows].sort(byWindow).map((w) => ({ key: `series-${w.window_days}`, who: t("thisSeries"), w, testId: `service-${w.window_days}` })),
    ...[...classes]
      .sort((a, b) => a.class_kind.localeCompare(b.class_kind) || byWindow(a, b))
      .map((c) => ({ key: `${c.class_kind}-${c.class_name}-${c.window_days}`, who: who(c), w: c as ServiceWindow, testId: undefined })),
  ];
  return (
    <div className="table-scroll">
      <table className="compact" data-testid="achieved-service">
        <thead>
          <tr>
            <th scope="col">{t("window")}</th>
            <th scope="col" className="num">{t("daysInStock")}</th>
            <th scope="col" className="num">{t("fillRate")}</th>
            <th scope="col" className="num">{t("target")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ key, who: name, w, testId }) => {
            const below =
              w.target_service_level != null && w.days_in_stock_share != null && w.days_in_stock_share < w.target_service_level;
            return (
              <tr key={key} data-testid={testId}>
                <th scope="row">
                  {name} · {t("lastDays", { count: w.window_days })}
                  {w.days_observed != null && w.days_observed < w.window_days && (
                    <span className="muted small"> ({t("daysObserved", { count: w.days_observed })})</span>
                  )}
                </th>
                <td className={`num ${below ? "q-fail" : ""}`} data-testid={testId && "in-stock"}>
                  {pct(w.days_in_stock_share, 1)}
                </td>
                <td className="num" data-testid={testId && "fill-rate"}>
                  {pct(w.fill_rate, 1)}
                </td>
                <td className="num">{pct(w.target_service_level, 1)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
