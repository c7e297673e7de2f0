import { Link } from "wouter";
import type { Schemas } from "../../../api/client";
import { useI18n, type MessageKey } from "../../../lib/i18n";

type Alert = Schemas["Alert"];
const LOCALIZED = new Set(["stockout", "critical", "below_reorder_point", "accuracy_degraded", "stale_data"]);

/** The alert in the reader's language from its numbers; the API's text for the others
 * (data-quality checks explain themselves in the API's words). */
function useAlertText() {
  const { t, num } = useI18n();
  return (a: Alert) =>
    LOCALIZED.has(a.type)
      ? t(`alert_${a.type}` as MessageKey, { value: num(a.value, 2), threshold: num(a.threshold, 2) })
      : a.message;
}

export function AlertList({ alerts, count }: { alerts: Alert[]; count: number }) {
  const { t, label, brl, int } = useI18n();
  const text = useAlertText();
  return (
    <>
      <ul className="alerts" data-testid="alerts">
        {alerts.map((a, i) => (
          <li key={`${a.type}-${a.item_id}-${a.warehouse_id}-${i}`} className={`alert sev-${a.severity}`}>
            <span className="badge">{label("sev_", a.severity)}</span> <strong>{label("type_", a.type)}</strong>{" "}
            {a.item_id && a.warehouse_id && (
              <Link href={`/series/${encodeURIComponent(a.item_id)}/${encodeURIComponent(a.warehouse_id)}`}>
                {a.item_id} · {a.warehouse_id}
              </Link>
            )}{" "}
            — {text(a)}
            {a.value_brl != null && a.value_brl > 0 && <span className="muted"> ({brl(a.value_brl)})</span>}
          </li>
        ))}
      </ul>
      {count > alerts.length && (
        <p className="muted">
          {int(alerts.length)} / {int(count)} {t("alerts").toLowerCase()}
        </p>
      )}
    </>
  );
}
