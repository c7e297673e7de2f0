import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../../api/client";

/** What the API serves: snapshot, model version, freshness, last run and its quality checks. */
export interface Meta {
  snapshot_id: string;
  committed_at: string | null;
  previous: string | null;
  as_of_date: string | null;
  model: {
    model_version: string | null;
    generated_at: string | null;
    dataset_id: string | null;
    source: string | null;
  };
  freshness: { data_age_days: number | null; stale: boolean; stale_after_days: number };
  run: RunSummary | null;
  last_run: RunSummary | null;
  quality: { status: string; checks: QualityCheck[] };
}

export interface RunSummary {
  run_id: string;
  status: string;
  started_at: string | null;
  finished_at: string | null;
  seconds: number | null;
  error: string | null;
}

export interface QualityCheck {
  check_name: string;
  status: string;
  value: number | null;
  threshold: number | null;
  message: string;
}

export async function getMeta(signal?: AbortSignal): Promise<Meta> {
  // /meta documents its data as a free-form object: this module gives it its shape.
  const body = unwrap(await api.GET("/api/v1/meta", { signal }));
  return body.data as unknown as Meta;
}

export const metaQueryOptions = () =>
  queryOptions({ queryKey: ["meta"], queryFn: ({ signal }) => getMeta(signal) });

export const useMeta = () => useQuery(metaQueryOptions());
