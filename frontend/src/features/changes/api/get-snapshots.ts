import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../api/client";

export async function getSnapshots(signal?: AbortSignal) {
  return unwrap(await api.GET("/api/v1/snapshots", { signal }));
}

export const snapshotsQueryOptions = () =>
  queryOptions({ queryKey: ["snapshots"], queryFn: ({ signal }) => getSnapshots(signal) });

export const useSnapshots = () => useQuery(snapshotsQueryOptions());
