import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../api/client";

export async function getWarehouses(signal?: AbortSignal) {
  return unwrap(await api.GET("/api/v1/warehouses", { params: { query: { limit: 1000 } }, signal }));
}

export const warehousesQueryOptions = () =>
  queryOptions({
    queryKey: ["warehouses"],
    queryFn: ({ signal }) => getWarehouses(signal),
    staleTime: Infinity,
  });

export const useWarehouses = () => useQuery(warehousesQueryOptions());
