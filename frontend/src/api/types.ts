// Types shared by more than one feature, named after the API's schema (src/api/schema.d.ts is
// generated from frontend/openapi.json: `npm run generate`).
import type { Schemas } from "./client";
import type { paths } from "./schema";

export type { Grain } from "../lib/format";

/** A series' reorder row: every input of the SS/ROP formula, as the API's schema documents it. */
export type ReorderRow = Schemas["ReorderRow"];
/** What the item page explains: the series' planning row (a ReorderRow without the names). */
export type PlannedSeries = Schemas["PlannedSeries"];
export type ReorderQuery = NonNullable<paths["/api/v1/reorder"]["get"]["parameters"]["query"]>;
export type Alert = Schemas["Alert"];
export type Kpis = Schemas["Kpis"];
export type Warehouse = Schemas["WarehouseSummary"];

/** The item page of a series. */
export const seriesHref = (row: { item_id: string; warehouse_id: string }) =>
  `/series/${encodeURIComponent(row.item_id)}/${encodeURIComponent(row.warehouse_id)}`;
