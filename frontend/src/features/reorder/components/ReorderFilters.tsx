import { useEffect, useRef, useState } from "react";
import { useI18n } from "../../../lib/i18n";
import { useCategories } from "../api/get-categories";
import { useWarehouses } from "../../../api/warehouses";

export interface Filters {
  warehouse_id?: string;
  category?: string;
  criticality?: "A" | "B" | "C";
  status?: string;
  /** set from a link (a supplier's proposal); shown as a chip that clears it */
  supplier_id?: string;
  q?: string;
  sort?: string;
  /** "1": only the lines with something to order whose order-by date is reached */
  today?: string;
}

export const STATUSES = ["stockout", "critical", "reorder", "ok", "excess", "no_demand"] as const;
export const SORTS = [
  "priority",
  "suggested_order_value_brl",
  "days_of_cover",
  "projected_stockout_date",
  "suggested_order_qty",
  "inventory_value_brl",
  "item_id",
] as const;

export function ReorderFilters({
  filters,
  onChange,
}: {
  filters: Filters;
  onChange: (next: Filters) => void;
}) {
  const { t, label } = useI18n();
  const warehouses = useWarehouses();
  const categories = useCategories();
  const set = (name: keyof Filters) => (value: string) =>
    onChange({ ...filters, [name]: value || undefined });
  // The search asks the API once typing pauses, not once per key.
  const [text, setText] = useState(filters.q ?? "");
  const latest = useRef({ filters, onChange });
  latest.current = { filters, onChange };
  useEffect(() => {
    const q = text.trim() || undefined;
    if (q === latest.current.filters.q) return;
    const timer = window.setTimeout(() => latest.current.onChange({ ...latest.current.filters, q }), 250);
    return () => window.clearTimeout(timer);
  }, [text]);
  return (
    <form className="filters" role="search" aria-label={t("filters")} onSubmit={(e) => e.preventDefault()}>
      <label>
        {t("search")}
        <input
          type="search"
          name="q"
          placeholder={t("searchPlaceholder")}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      <label>
        {t("warehouse")}
        <select name="warehouse_id" value={filters.warehouse_id ?? ""} onChange={(e) => set("warehouse_id")(e.target.value)}>
          <option value="">{t("all")}</option>
          {warehouses.data?.data.map((w) => (
            <option key={w.warehouse_id} value={w.warehouse_id}>
              {w.name ? `${w.name} (${w.warehouse_id})` : w.warehouse_id}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("category")}
        <select name="category" value={filters.category ?? ""} onChange={(e) => set("category")(e.target.value)}>
          <option value="">{t("all")}</option>
          {categories.data?.data.map((c) => (
            <option key={c.category} value={c.category}>
              {c.category}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("criticality")}
        <select name="criticality" value={filters.criticality ?? ""} onChange={(e) => set("criticality")(e.target.value)}>
          <option value="">{t("all")}</option>
          {["A", "B", "C"].map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("status")}
        <select name="status" value={filters.status ?? ""} onChange={(e) => set("status")(e.target.value)}>
          <option value="">{t("all")}</option>
          <option value="stockout,critical,reorder">
            {label("st_", "stockout")} + {label("st_", "critical")} + {label("st_", "reorder")}
          </option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {label("st_", s)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("sortBy")}
        <select name="sort" value={filters.sort ?? "priority"} onChange={(e) => set("sort")(e.target.value)}>
          {SORTS.map((s) => (
            <option key={s} value={s}>
              {label("sort_", s)}
            </option>
          ))}
        </select>
      </label>
      {filters.supplier_id && (
        <button type="button" className="chip" onClick={() => set("supplier_id")("")} data-testid="supplier-filter">
          {t("supplier")}: {filters.supplier_id} ✕<span className="visually-hidden"> {t("clearFilter")}</span>
        </button>
      )}
      <label className="check">
        <input
          type="checkbox"
          name="today"
          checked={filters.today === "1"}
          onChange={(e) => set("today")(e.target.checked ? "1" : "")}
        />
        {t("toOrderToday")}
      </label>
    </form>
  );
}
