import { EmptyState } from "../../../components/Panel";
import { useI18n } from "../../../lib/i18n";
import { qualityCheckName } from "../../../lib/quality";
import type { Meta } from "../api/get-meta";

/** The last pipeline run and its data-quality checks, named in the reader's language. */
export function QualitySummary({ meta }: { meta: Meta }) {
  const { t, dateTime, num, pct, label } = useI18n();
  // checks whose value is a share of series or rows read as percentages
  const figure = (name: string, v: number | null) =>
    /^completeness_|_share$/.test(name) ? pct(v, 1) : num(v, 2);
  const run = meta.last_run ?? meta.run;
  const checks = meta.quality.checks;
  const checkName = (name: string) => qualityCheckName(name, { t, label });
  return (
    <div data-testid="quality">
      {run && (
        <p>
          {t("run")} <code>{run.run_id}</code>: <span className={`q-${run.status}`}>{label("qs_", run.status)}</span>
          {" · "}
          {dateTime(run.finished_at)} · {num(run.seconds, 1)} s
          {run.error && <span className="q-fail"> — {run.error}</span>}
        </p>
      )}
      <p>
        <span className={`badge q-badge q-${meta.quality.status}`}>{label("qs_", meta.quality.status)}</span>{" "}
        {t("checksOk", { ok: checks.filter((c) => c.status === "ok").length, count: checks.length })}
      </p>
      {checks.length === 0 ? (
        <EmptyState />
      ) : (
        <div className="table-scroll">
          <table className="compact">
            <thead>
              <tr>
                <th scope="col">{t("check")}</th>
                <th scope="col">{t("status")}</th>
                <th scope="col" className="num">{t("value")}</th>
                <th scope="col" className="num">{t("threshold")}</th>
              </tr>
            </thead>
            <tbody>
              {checks.map((c) => (
                <tr key={c.check_name} title={c.message}>
                  <td>{checkName(c.check_name)}</td>
                  <td className={`q-${c.status}`}>{label("qs_", c.status)}</td>
                  <td className="num">{figure(c.check_name, c.value)}</td>
                  <td className="num">{figure(c.check_name, c.threshold)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
