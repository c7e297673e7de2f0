import { Link } from "wouter";
import { seriesHref, type Alert } from "../../../api/types";
import { useWarehouseName } from "../../../api/warehouses";
import { useI18n, type MessageKey } from "../../../lib/i18n";
import { qualityCheckName } from "../../../lib/quality";

const LOCALIZED = new Set(["stockout", "critical", "below_reorder_point", "accuracy_degraded", "stale_data"]);
const QUALITY = /^(\S+) (ok|warn|fail): /;

/** The alert in the reader's language from its numbers; a data-quality check by its name. */
function useAlertText() {
  const { t, num, label, unit } = useI18n();
  return (a: Alert, unitCode?: string | null) => {
    const values = { value: num(a.value, 2), threshold: num(a.threshold, 2), unit: unit(unitCode) };
    if (LOCALIZED.has(a.type)) return t(`alert_${a.type}` as MessageKey, values);
    const check = a.type === "data_quality" ? QUALITY.exec(a.message) : null;
    if (!check) return a.message;
    const [, name = "", status = ""] = check;
    const title = qualityCheckName(name, { t, label });
    return `${title}: ${label("qs_", status)} (${t("value").toLowerCase()} ${values.value}, ${t("threshold").toLowerCase()} ${values.threshold})`;
  };
}

/** The alert's item and warehouse by name, linking to the series' page. */
function AlertTarget({ alert }: { alert: Alert & { item_id: string; warehouse_id: string } }) {
  const warehouseName = useWarehouseName();
  return (
    <Link href={seriesHref(alert)}>
      <span className="item-id">{alert.item_id}</span>
      {alert.item_name ? ` ${alert.item_name}` : ""} · {alert.warehouse_name ? `${alert.warehouse_name} (${alert.warehouse_id})` : warehouseName(alert.warehouse_id)}
    </Link>
  );
}

export function AlertList({ alerts }: { alerts: Alert[] }) {
  const { label, brl } = useI18n();
  const text = useAlertText();
  return (
    <ul className="alerts" data-testid="alerts">
      {alerts.map((a, i) => (
        <li key={`${a.type}-${a.item_id}-${a.warehouse_id}-${i}`} className={`alert sev-${a.severity}`}>
          <span className="badge">{label("sev_", a.severity)}</span> <strong>{label("type_", a.type)}</strong>{" "}
          {a.item_id && a.warehouse_id && <AlertTarget alert={{ ...a, item_id: a.item_id, warehouse_id: a.warehouse_id }} />} — {text(a, a.unit)}
          {a.value_brl != null && a.value_brl > 0 && <span className="muted"> ({brl(a.value_brl)})</span>}
        </li>
      ))}
    </ul>
  );
}
