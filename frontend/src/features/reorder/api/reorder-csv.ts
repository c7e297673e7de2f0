import type { ReorderQuery } from "./get-reorder";

/** The filters of a worklist export (no page: the export has every line of the filter). */
function exportParams(query: ReorderQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value == null || value === "" || name === "limit" || name === "offset") continue;
    params.set(name, String(value));
  }
  return params;
}

/** The URL of /reorder.csv for the same filters, for Excel pt-BR (';', decimal comma, BOM). */
export function reorderCsvUrl(query: ReorderQuery): string {
  const params = exportParams(query);
  params.set("excel", "true");
  return `/api/v1/reorder.csv?${params.toString()}`;
}

/** The URL of the worklist as an Excel file for the same filters (text item codes). */
export function worklistXlsxUrl(query: ReorderQuery): string {
  const params = exportParams(query).toString();
  return params ? `/api/v1/reorder.xlsx?${params}` : "/api/v1/reorder.xlsx";
}
