import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "./client";

/** One item with its series per warehouse (GET /items/{item_id}). */
export async function getItem(itemId: string, signal?: AbortSignal) {
  return unwrap(await api.GET("/api/v1/items/{item_id}", { params: { path: { item_id: itemId } }, signal }));
}

export const itemQueryOptions = (itemId: string) =>
  queryOptions({
    queryKey: ["item", itemId],
    queryFn: ({ signal }) => getItem(itemId, signal),
    staleTime: Infinity,
    retry: false,
  });

export const useItem = (itemId: string | null | undefined) =>
  useQuery({ ...itemQueryOptions(itemId ?? ""), enabled: !!itemId });
