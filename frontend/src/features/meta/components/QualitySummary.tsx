import { EmptyState } from "../../../components/Panel";
import { useI18n } from "../../../lib/i18n";
import type { Meta } from "../api/get-meta";

export function QualitySummary({ meta }: { meta: Meta }) {
  const { t, dateTime, num } = useI18n();
  const run = meta.last_run ?? meta.run;
  const checks = meta.quality.checks;
  return (
    <div data-testid="quality">
      {run && (
        <p>
          {t("run")} <code>{run.run_id}</code>: <span className={`q-${run.status}`}>{run.status}</span>
          {" · "}
          {dateTime(run.finished_at)} · {num(run.seconds, 1)} s
          {run.error && <span className="q-fail"> — {run.error}</span>}
        </p>
      )}
      <p>
        <span className={`badge q-badge q-${meta.quality.status}`}>{meta.quality.status}</span>{" "}
        {checks.filter((c) => c.status === "ok").length}/{checks.length} {t("checks")} ok
      </p>
      {checks.length === 0 ? (
        <EmptyState />
      ) : (
        <table className="compact">
          <thead>
            <tr>
              <th scope="col">{t("check")}</th>
              <th scope="col">{t("status")}</th>
              <th scope="col">{t("message")}</th>
            </tr>
          </thead>
          <tbody>
            {checks.map((c) => (
              <tr key={c.check_name}>
                <td>{c.check_name}</td>
                <td className={`q-${c.status}`}>{c.status}</td>
                <td>{c.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
