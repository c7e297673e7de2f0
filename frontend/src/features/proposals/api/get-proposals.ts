import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../api/client";
import type { paths } from "../../../api/schema";

export type ProposalsQuery = NonNullable<paths["/api/v1/proposals"]["get"]["parameters"]["query"]>;

/** The purchase proposal grouped by supplier, with its totals (GET /proposals). */
export async function getProposals(query: ProposalsQuery, signal?: AbortSignal) {
  return unwrap(await api.GET("/api/v1/proposals", { params: { query }, signal }));
}

export const proposalsQueryOptions = (query: ProposalsQuery) =>
  queryOptions({
    queryKey: ["proposals", query],
    queryFn: ({ signal }) => getProposals(query, signal),
    placeholderData: keepPreviousData,
  });

export const useProposals = (query: ProposalsQuery) => useQuery(proposalsQueryOptions(query));

const search = (query: Record<string, string | null | undefined>) => {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value) params.set(name, value);
  const text = params.toString();
  return text ? `?${text}` : "";
};

/** One supplier's order as an Excel file (text item codes, pt-BR headers, BRL and dates). */
export const supplierXlsxUrl = (supplierId: string, query: ProposalsQuery = {}) =>
  `/api/v1/proposals/${encodeURIComponent(supplierId)}.xlsx${search({ warehouse_id: query.warehouse_id })}`;

/** Every line of the proposal, with its supplier, as an Excel file. */
export const proposalsXlsxUrl = (query: ProposalsQuery = {}) =>
  `/api/v1/proposals.xlsx${search({ warehouse_id: query.warehouse_id, supplier_id: query.supplier_id })}`;

/** The proposal's lines as CSV for Excel pt-BR (';', decimal comma, BOM; a supplier's only with
 * supplier_id). */
export const proposalsCsvUrl = (query: ProposalsQuery = {}) =>
  `/api/v1/proposals.csv${search({ warehouse_id: query.warehouse_id, supplier_id: query.supplier_id })}`;
