import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../api/client";
import type { paths } from "../../../api/schema";

export type ChangesQuery = NonNullable<paths["/api/v1/changes"]["get"]["parameters"]["query"]>;

export async function getChanges(query: ChangesQuery, signal?: AbortSignal) {
  return unwrap(await api.GET("/api/v1/changes", { params: { query }, signal }));
}

export const changesQueryOptions = (query: ChangesQuery) =>
  queryOptions({
    queryKey: ["changes", query],
    queryFn: ({ signal }) => getChanges(query, signal),
    placeholderData: keepPreviousData,
    retry: (count, error) => (error as { status?: number }).status !== 404 && count < 2,
  });

export const useChanges = (query: ChangesQuery) => useQuery(changesQueryOptions(query));
