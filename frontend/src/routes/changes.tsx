import { Pager } from "../components/Pager";
import { PageTitle, Panel, QueryState, Skeleton } from "../components/Panel";
import { useI18n } from "../lib/i18n";
import { useSearchState } from "../lib/search-params";
import { useChanges, type ChangesQuery } from "../features/changes/api/get-changes";
import { useSnapshots } from "../features/changes/api/get-snapshots";
import { ChangesTable } from "../features/changes/components/ChangesTable";

const KINDS = ["any", "status", "reorder_point", "forecast", "added", "removed"] as const;
const PAGE_SIZE = 25;

export default function ChangesRoute() {
  const { t, label, int, date } = useI18n();
  const [state, setState] = useSearchState();
  const snapshots = useSnapshots();
  const change = (KINDS as readonly string[]).includes(state.change ?? "") ? (state.change as ChangesQuery["change"]) : "any";
  const page = Math.max(1, Number(state.page) || 1);
  const query: ChangesQuery = { base: state.base || undefined, change, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE };
  const changes = useChanges(query);
  const older = snapshots.data?.data.filter((s) => !s.is_current) ?? [];
  const pages = changes.data ? Math.max(1, Math.ceil(changes.data.count / PAGE_SIZE)) : 1;
  return (
    <>
    <PageTitle>{t("navChanges")}</PageTitle>
    <Panel title={t("changesSummary")} testId="changes-panel">
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t("compareWith")}
          <select value={state.base ?? ""} onChange={(e) => setState({ ...state, base: e.target.value, page: undefined })}>
            <option value="">{older[0] ? `${older[0].snapshot_id} (${date(older[0].as_of_date)})` : "—"}</option>
            {older.slice(1).map((s) => (
              <option key={s.snapshot_id} value={s.snapshot_id}>
                {s.snapshot_id} ({date(s.as_of_date)})
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("change")}
          <select value={change} onChange={(e) => setState({ ...state, change: e.target.value, page: undefined })}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {label("change_", k)}
              </option>
            ))}
          </select>
        </label>
      </form>
      <QueryState
        query={changes}
        skeleton={<Skeleton lines={8} />}
        isEmpty={(c) => c.count === 0}
        empty={t("noChanges")}
      >
        {(c) => (
          <>
            <p className="muted small" data-testid="changes-sides">
              {t("before")}: {c.base.snapshot_id} ({date(c.base.as_of_date)}, {c.base.model_version ?? t("noModel")}) → {t("after")}:{" "}
              {c.current.snapshot_id} ({date(c.current.as_of_date)}, {c.current.model_version ?? t("noModel")})
            </p>
            <ul className="chips" aria-label={t("changesSummary")}>
              {Object.entries(c.summary.by_change).map(([kind, n]) => (
                <li key={kind}>
                  {label("change_", kind)}: <strong>{int(n)}</strong>
                </li>
              ))}
              {c.summary.status_transitions.slice(0, 6).map((s) => (
                <li key={`${s.status_before}>${s.status_after}`}>
                  {label("st_", s.status_before)} → {label("st_", s.status_after)}: <strong>{int(s.series)}</strong>
                </li>
              ))}
            </ul>
            <ChangesTable rows={c.data} />
            <Pager page={page} pages={pages} onPage={(next) => setState({ ...state, page: next })} />
          </>
        )}
      </QueryState>
    </Panel>
    </>
  );
}
