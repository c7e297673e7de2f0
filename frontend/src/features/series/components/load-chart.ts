import { useEffect, useState } from "react";

// The chart (Recharts) is its own chunk, started as early as the route is known. A state-based
// loader instead of React.lazy: a lazy component suspends even when its module is already
// there, and React throttles revealing a suspended boundary by up to 300 ms.
type ChartModule = typeof import("./SeriesChart");

let loaded: ChartModule | null = null;
let pending: Promise<ChartModule> | null = null;

export function loadSeriesChart(): Promise<ChartModule> {
  pending ??= import("./SeriesChart").then((module) => (loaded = module));
  return pending;
}

/** The chart component once its code is there (null before); a failed load throws into the
 * panel's error boundary. */
export function useSeriesChart(): ChartModule["default"] | null {
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
  return module?.default ?? null;
}
