import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../api/client";
import type { ReorderRow } from "../../reorder/api/get-reorder";

export type Grain = "day" | "week" | "month";

export async function getSeries(item: string, warehouse: string, grain: Grain, signal?: AbortSignal) {
  const body = unwrap(
    await api.GET("/api/v1/series/{item_id}/{warehouse_id}", {
      params: { path: { item_id: item, warehouse_id: warehouse }, query: { grain } },
      signal,
    }),
  );
  // The schema types `reorder` as a free-form object: it is the series' fct_reorder_point row.
  return { ...body, data: { ...body.data, reorder: body.data.reorder as unknown as ReorderRow } };
}

export type SeriesAnswer = Awaited<ReturnType<typeof getSeries>>;
export type SeriesData = SeriesAnswer["data"];

export const seriesQueryOptions = (item: string, warehouse: string, grain: Grain) =>
  queryOptions({
    queryKey: ["series", item, warehouse, grain],
    queryFn: ({ signal }) => getSeries(item, warehouse, grain, signal),
  });

export const useSeries = (item: string, warehouse: string, grain: Grain) =>
  useQuery(seriesQueryOptions(item, warehouse, grain));
