import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../api/client";
import type { paths } from "../../../api/schema";

export type TransfersQuery = NonNullable<paths["/api/v1/transfers"]["get"]["parameters"]["query"]>;

/** A page of transfer suggestions with the totals of every page (GET /transfers). */
export async function getTransfers(query: TransfersQuery, signal?: AbortSignal) {
  return unwrap(await api.GET("/api/v1/transfers", { params: { query }, signal }));
}

export const transfersQueryOptions = (query: TransfersQuery) =>
  queryOptions({
    queryKey: ["transfers", query],
    queryFn: ({ signal }) => getTransfers(query, signal),
    placeholderData: keepPreviousData,
  });

export const useTransfers = (query: TransfersQuery) => useQuery(transfersQueryOptions(query));
