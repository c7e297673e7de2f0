import { queryOptions, useQuery } from "@tanstack/react-query";
import { ApiError } from "../../../api/client";
import { trackedFetch } from "../../../lib/connection";
import type { Transfer } from "./transfers";

export interface TransfersAnswer {
  data: Transfer[];
  count: number;
  snapshot_id: string;
}

// PROVISIONAL until the API's OpenAPI has /transfers: a plain GET of the JSON.
export async function getTransfers(signal?: AbortSignal): Promise<TransfersAnswer> {
  const response = await trackedFetch("/api/v1/transfers?limit=1000", { signal });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body?.error?.message ?? `${response.status} ${response.statusText}`);
  return body as TransfersAnswer;
}

export const transfersQueryOptions = () =>
  queryOptions({ queryKey: ["transfers"], queryFn: ({ signal }) => getTransfers(signal) });

export const useTransfers = () => useQuery(transfersQueryOptions());
