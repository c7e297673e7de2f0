import { PageTitle, Panel, QueryState, Skeleton } from "../components/Panel";
import { useI18n } from "../lib/i18n";
import { useSearchState } from "../lib/search-params";
import { useAccuracy, type AccuracyBy } from "../features/accuracy/api/get-accuracy";
import { AccuracyTable } from "../features/accuracy/components/AccuracyTable";

const GROUPS: AccuracyBy[] = ["model", "demand_class", "warehouse", "category"];

export default function AccuracyRoute() {
  const { t, label } = useI18n();
  const [state, setState] = useSearchState();
  const by = (GROUPS as string[]).includes(state.by ?? "") ? (state.by as AccuracyBy) : "model";
  const accuracy = useAccuracy({ by });
  return (
    <>
    <PageTitle>{t("navAccuracy")}</PageTitle>
    <Panel
      title={`${t("accuracyBy")} ${label("by_", by)}`}
      testId="accuracy-panel"
      actions={
        <div role="radiogroup" aria-label={t("accuracyBy")} className="segmented">
          {GROUPS.map((g) => (
            <button key={g} type="button" role="radio" aria-checked={g === by} className={g === by ? "active" : ""} onClick={() => setState({ by: g })}>
              {label("by_", g)}
            </button>
          ))}
        </div>
      }
    >
      <QueryState query={accuracy} skeleton={<Skeleton lines={8} />} isEmpty={(a) => a.count === 0}>
        {(a) => (
          <>
            <p className="muted small">
              {t("modelVersion")} {a.model_version ?? t("noModel")} · {t("snapshot")} {a.snapshot_id} · {t("degraded")}: RMSSE &gt;{" "}
              {a.degraded_rmsse_threshold}
            </p>
            <AccuracyTable rows={a.data} by={by} />
          </>
        )}
      </QueryState>
    </Panel>
    </>
  );
}
