import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../../api/client";
import type { paths } from "../../../api/schema";

export type ReorderQuery = NonNullable<paths["/api/v1/reorder"]["get"]["parameters"]["query"]>;

/** A series' reorder row: every input of the SS/ROP formula, as the API's schema documents it. */
export type ReorderRow = Schemas["ReorderRow"];

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
