import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../api/client";
import type { Grain } from "../../../api/types";

export type { Grain } from "../../../api/types";

export async function getSeries(item: string, warehouse: string, grain: Grain, signal?: AbortSignal) {
  return unwrap(
    await api.GET("/api/v1/series/{item_id}/{warehouse_id}", {
      params: { path: { item_id: item, warehouse_id: warehouse }, query: { grain } },
      signal,
    }),
  );
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
