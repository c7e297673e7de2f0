import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../api/client";
import type { ReorderQuery } from "../../../api/types";

export type { ReorderQuery, ReorderRow } from "../../../api/types";

export async function getReorder(query: ReorderQuery, signal?: AbortSignal) {
  return unwrap(await api.GET("/api/v1/reorder", { params: { query }, signal }));
}

export const reorderQueryOptions = (query: ReorderQuery) =>
  queryOptions({
    queryKey: ["reorder", query],
    queryFn: ({ signal }) => getReorder(query, signal),
    placeholderData: keepPreviousData,
  });

export const useReorder = (query: ReorderQuery) => useQuery(reorderQueryOptions(query));
