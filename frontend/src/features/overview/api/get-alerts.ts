import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../api/client";

export async function getAlerts(limit: number, offset: number, signal?: AbortSignal) {
  return unwrap(await api.GET("/api/v1/alerts", { params: { query: { limit, offset } }, signal }));
}

export const alertsQueryOptions = (limit = 10, offset = 0) =>
  queryOptions({
    queryKey: ["alerts", limit, offset],
    queryFn: ({ signal }) => getAlerts(limit, offset, signal),
    placeholderData: keepPreviousData,
  });

export const useAlerts = (limit = 10, offset = 0) => useQuery(alertsQueryOptions(limit, offset));
