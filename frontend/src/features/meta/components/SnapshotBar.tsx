import { ErrorState, Skeleton } from "../../../components/Panel";
import { useI18n } from "../../../lib/i18n";
import { useMeta, type Meta } from "../api/get-meta";

/** On every view: which snapshot and model version the numbers come from; stale-data warning. */
export function SnapshotBar() {
  const meta = useMeta();
  if (meta.isPending) return <Skeleton lines={1} />;
  if (meta.isError) return <ErrorState error={meta.error} onRetry={() => void meta.refetch()} />;
  return <FreshnessBanner meta={meta.data} />;
}

/** Snapshot, data date, model version and when it was generated; a warning when stale. */
export function FreshnessBanner({ meta: m }: { meta: Meta }) {
  const { t, date, dateTime } = useI18n();
  return (
    <div className="snapshot-bar" data-testid="snapshot-bar">
      <dl>
        <div>
          <dt>{t("dataDate")}</dt>
          <dd data-testid="as-of-date">{date(m.as_of_date)}</dd>
        </div>
        <div>
          <dt>{t("snapshot")}</dt>
          <dd data-testid="snapshot-id">{m.snapshot_id}</dd>
        </div>
        <div>
          <dt>{t("modelVersion")}</dt>
          <dd data-testid="model-version">{m.model.model_version ?? t("noModel")}</dd>
        </div>
        <div>
          <dt>{t("generatedAt")}</dt>
          <dd>{dateTime(m.model.generated_at)}</dd>
        </div>
      </dl>
      {m.freshness.stale && (
        <p className="stale" role="alert" data-testid="stale-warning">
          {t("staleWarning", { days: m.freshness.data_age_days ?? "?" })}
        </p>
      )}
    </div>
  );
}
