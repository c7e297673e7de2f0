import { useEffect, useState } from "react";
import { reportOffline } from "../../../lib/connection";
import type * as SeriesChartModule from "./SeriesChart";

// The chart (Recharts) is its own chunk, started as early as the route is known. A state-based
// loader instead of React.lazy: a lazy component suspends even when its module is already
// there, and React throttles revealing a suspended boundary by up to 300 ms.
type ChartModule = typeof SeriesChartModule;

let loaded: ChartModule | null = null;
let pending: Promise<ChartModule> | null = null;

/** Starts (or joins) the chunk's download; a failed download is forgotten, so the next call
 * tries again (the server may be back). */
export function loadSeriesChart(): Promise<ChartModule> {
  pending ??= import("./SeriesChart").then(
    (module) => (loaded = module),
    (error: unknown) => {
      pending = null;
      reportOffline(); // the banner probes the server, and its return retries the chart
      throw error;
    },
  );
  return pending;
}

/** The chart component once its code is there (null before); a failed load throws into the
 * panel's error boundary, whose retry mounts this again and so downloads again. */
export function useSeriesChart(): ChartModule["default"] | null {
  return useChartModule()?.default ?? null;
}

/** The chart chunk's module (every chart of the item page) once loaded, null before. */
export function useChartModule(): ChartModule | null {
  const [module, setModule] = useState(loaded);
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    if (module) return;
    let live = true;
    loadSeriesChart().then(
      (m) => live && setModule(m),
      (e: unknown) => live && setError(e instanceof Error ? e : new Error(String(e))),
    );
    return () => {
      live = false;
    };
  }, [module]);
  if (error) throw error;
  return module;
}
