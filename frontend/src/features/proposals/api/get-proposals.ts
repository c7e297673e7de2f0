import { queryOptions, useQuery } from "@tanstack/react-query";
import { ApiError } from "../../../api/client";
import { trackedFetch } from "../../../lib/connection";
import type { SupplierProposal } from "./proposals";

export interface ProposalsAnswer {
  data: SupplierProposal[];
  count: number;
  snapshot_id: string;
}

// PROVISIONAL until the API's OpenAPI has /proposals: a plain GET of the JSON.
export async function getProposals(signal?: AbortSignal): Promise<ProposalsAnswer> {
  const response = await trackedFetch("/api/v1/proposals", { signal });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body?.error?.message ?? `${response.status} ${response.statusText}`);
  return body as ProposalsAnswer;
}

export const proposalsQueryOptions = () =>
  queryOptions({ queryKey: ["proposals"], queryFn: ({ signal }) => getProposals(signal) });

export const useProposals = () => useQuery(proposalsQueryOptions());

/** One supplier's proposal as an Excel file (text item codes, pt-BR headers). */
export const supplierXlsxUrl = (supplierId: string) => `/api/v1/proposals/${encodeURIComponent(supplierId)}.xlsx`;
