import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../api/client";
import type { paths } from "../../../api/schema";

export type AccuracyQuery = NonNullable<paths["/api/v1/accuracy"]["get"]["parameters"]["query"]>;
export type AccuracyBy = NonNullable<AccuracyQuery["by"]>;

export async function getAccuracy(query: AccuracyQuery, signal?: AbortSignal) {
  return unwrap(await api.GET("/api/v1/accuracy", { params: { query }, signal }));
}

export const accuracyQueryOptions = (query: AccuracyQuery) =>
  queryOptions({
    queryKey: ["accuracy", query],
    queryFn: ({ signal }) => getAccuracy(query, signal),
  });

export const useAccuracy = (query: AccuracyQuery) => useQuery(accuracyQueryOptions(query));
