import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../../api/client";

export type Projection = Schemas["Projection"];
export type SeriesService = Schemas["SeriesService"];

const path = (item: string, warehouse: string) => ({ path: { item_id: item, warehouse_id: warehouse } });

/** The series' projected stock per day and its open orders (GET .../projection). */
export async function getProjection(item: string, warehouse: string, signal?: AbortSignal) {
  return unwrap(await api.GET("/api/v1/items/{item_id}/warehouses/{warehouse_id}/projection", { params: path(item, warehouse), signal })).data;
}

/** The series' achieved service over 90 and 365 days, with its classes' (GET .../service). */
export async function getService(item: string, warehouse: string, signal?: AbortSignal) {
  return unwrap(await api.GET("/api/v1/items/{item_id}/warehouses/{warehouse_id}/service", { params: path(item, warehouse), signal })).data;
}

export const projectionQueryOptions = (item: string, warehouse: string) =>
  queryOptions({ queryKey: ["projection", item, warehouse], queryFn: ({ signal }) => getProjection(item, warehouse, signal) });

export const useProjection = (item: string, warehouse: string, enabled = true) =>
  useQuery({ ...projectionQueryOptions(item, warehouse), enabled });

export const serviceQueryOptions = (item: string, warehouse: string) =>
  queryOptions({ queryKey: ["service", item, warehouse], queryFn: ({ signal }) => getService(item, warehouse, signal) });

export const useService = (item: string, warehouse: string, enabled = true) =>
  useQuery({ ...serviceQueryOptions(item, warehouse), enabled });
