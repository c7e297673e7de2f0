import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "./client";

/** Every warehouse with its name (a filter's options; names instead of codes in lists). */
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

/** warehouse_id -> "name (id)", or the id while the names load. */
export function useWarehouseName(): (id: string | null | undefined) => string {
  const warehouses = useWarehouses();
  return (id) => {
    if (!id) return "—";
    const name = warehouses.data?.data.find((w) => w.warehouse_id === id)?.name;
    return name ? `${name} (${id})` : id;
  };
}
