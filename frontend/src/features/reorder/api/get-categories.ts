import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../api/client";

/** Every item category of the snapshot, with its item and series counts (GET /categories). */
export async function getCategories(signal?: AbortSignal) {
  return unwrap(await api.GET("/api/v1/categories", { signal }));
}

export const categoriesQueryOptions = () =>
  queryOptions({
    queryKey: ["categories"],
    queryFn: ({ signal }) => getCategories(signal),
    staleTime: Infinity,
  });

export const useCategories = () => useQuery(categoriesQueryOptions());
