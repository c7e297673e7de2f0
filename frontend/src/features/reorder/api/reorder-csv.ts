import type { ReorderQuery } from "./get-reorder";

/** The URL of /reorder.csv for the same filters, for Excel pt-BR (';', decimal comma, BOM). */
export function reorderCsvUrl(query: ReorderQuery): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value == null || value === "" || name === "limit" || name === "offset") continue;
    params.set(name, String(value));
  }
  params.set("excel", "true");
  return `/api/v1/reorder.csv?${params.toString()}`;
}
