import { useCallback, useMemo } from "react";
import { useLocation, useSearch } from "wouter";

/** The view's state in the URL (?a=1&b=2): shareable, and the back button works. */
export function useSearchState(): [Record<string, string>, (next: Record<string, string | number | undefined>) => void] {
  const search = useSearch();
  const [location, navigate] = useLocation();
  const state = useMemo(() => Object.fromEntries(new URLSearchParams(search)), [search]);
  const update = useCallback(
    (next: Record<string, string | number | undefined>) => {
      const params = new URLSearchParams();
      for (const [name, value] of Object.entries(next)) {
        if (value !== undefined && value !== "") params.set(name, String(value));
      }
      const query = params.toString();
      navigate(query ? `${location}?${query}` : location, { replace: true });
    },
    [location, navigate],
  );
  return [state, update];
}
