import { useId } from "react";
import type { Schemas } from "../../../api/client";
import { EmptyState } from "../../../components/Panel";
import { useI18n, type MessageKey } from "../../../lib/i18n";

export type SeriesAccuracyRow = Schemas["SeriesAccuracy"];

/** How the model's backtest RMSSE compares with the seasonal naive's (lower is better). */
export function verdictAgainstNaive(rmsse: number | null, naive: number | null): MessageKey {
  if (rmsse == null || naive == null) return "naiveUnknown";
  if (rmsse < naive) return "naiveBetter";
  if (rmsse > naive) return "naiveWorse";
  return "naiveSame";
}

/** WAPE, bias, the intervals' coverage and the number of points of one accuracy row. */
function Figures({ row, prefix, unitCode }: { row: SeriesAccuracyRow; prefix: string; unitCode?: string | null }) {
  const { t, fixed, pct, int, unit } = useI18n();
  const figures: [string, string, string, string?][] = [
    ["wape", t("wape"), pct(row.wape, 1), t("wapeHint")],
    ["bias", t("bias"), t("perDayUnits", { value: fixed(row.bias, 2), unit: unit(unitCode) }), t("biasHint")],
    ["coverage80", t("coverage80"), pct(row.coverage80, 1), t("nominal", { value: pct(0.8, 0) })],
    ["coverage95", t("coverage95"), pct(row.coverage95, 1), t("nominal", { value: pct(0.95, 0) })],
    ["n_points", t("nPoints"), int(row.n_points)],
  ];
  return (
    <dl className="inputs">
      {figures.map(([key, name, value, hint]) => (
        <div key={key}>
          <dt>{name}</dt>
          <dd data-testid={`${prefix}-${key}`}>{value}</dd>
          {hint && <dd className="muted small">{hint}</dd>}
        </div>
      ))}
    </dl>
  );
}

/** The series' own forecast accuracy for the shown model version: the backtest of the chosen
 * model against the seasonal naive on the same series, and live since the forecast was made. */
export function SeriesAccuracy({ rows, unitCode }: { rows: SeriesAccuracyRow[]; unitCode?: string | null }) {
  const { t, fixed, date, label } = useI18n();
  const id = useId();
  if (rows.length === 0) return <EmptyState>{t("noSeriesAccuracy")}</EmptyState>;
  const backtest = rows.find((r) => r.source === "backtest");
  const live = rows.find((r) => r.source === "live");
  const verdict = backtest ? verdictAgainstNaive(backtest.rmsse, backtest.rmsse_snaive) : "naiveUnknown";
  return (
    <div className="series-accuracy" data-testid="series-accuracy">
      <section aria-labelledby={`${id}-backtest`}>
        <h3 id={`${id}-backtest`}>
          {t("backtest")}
          {backtest?.model ? ` · ${label("model_", backtest.model)}` : ""}
        </h3>
        {backtest ? (
          <>
            <dl className="inputs">
              <div>
                <dt>{t("rmsseModel", { model: backtest.model ? label("model_", backtest.model) : t("model") })}</dt>
                <dd data-testid="accuracy-rmsse">{fixed(backtest.rmsse, 3)}</dd>
              </div>
              <div>
                <dt>{t("rmsseNaive")}</dt>
                <dd data-testid="accuracy-rmsse-naive">{fixed(backtest.rmsse_snaive, 3)}</dd>
              </div>
            </dl>
            <p
              className={`verdict ${verdict === "naiveBetter" ? "good" : verdict === "naiveWorse" ? "bad" : ""}`}
              data-testid="accuracy-verdict"
            >
              {t(verdict)}
            </p>
            <p className="muted small">{t("rmsseHint")}</p>
            <Figures row={backtest} prefix="backtest" unitCode={unitCode} />
          </>
        ) : (
          <p className="muted">{t("noBacktest")}</p>
        )}
      </section>
      <section aria-labelledby={`${id}-live`}>
        <h3 id={`${id}-live`}>{t("liveAccuracy")}</h3>
        {live ? (
          <>
            <p className="muted small" data-testid="live-dates">
              {t("fromTo", { from: date(live.first_date), to: date(live.last_date) })}
            </p>
            <Figures row={live} prefix="live" unitCode={unitCode} />
          </>
        ) : (
          <p className="muted">{t("noLive")}</p>
        )}
      </section>
    </div>
  );
}
