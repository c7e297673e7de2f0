import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../api/client";

export async function getKpis(signal?: AbortSignal) {
  return unwrap(await api.GET("/api/v1/kpis", { signal }));
}

export const kpisQueryOptions = () =>
  queryOptions({ queryKey: ["kpis"], queryFn: ({ signal }) => getKpis(signal) });

export const useKpis = () => useQuery(kpisQueryOptions());
