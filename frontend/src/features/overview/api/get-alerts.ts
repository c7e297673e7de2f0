import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../api/client";

export async function getAlerts(limit: number, signal?: AbortSignal) {
  return unwrap(await api.GET("/api/v1/alerts", { params: { query: { limit } }, signal }));
}

export const alertsQueryOptions = (limit = 10) =>
  queryOptions({ queryKey: ["alerts", limit], queryFn: ({ signal }) => getAlerts(limit, signal) });

export const useAlerts = (limit = 10) => useQuery(alertsQueryOptions(limit));
