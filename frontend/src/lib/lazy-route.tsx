import { lazy, type ComponentType } from "react";
import { connection, reportOffline, subscribe } from "./connection";

// React.lazy keeps a failed download for the page's life. Here a failed view gets a fresh lazy
// component when the user asks again ("Tentar de novo") or the server is back; not at once, or
// React's own re-render after the failure would start download after download.
const failed = new Set<() => void>();

/** Gives every view whose code failed to download a new attempt at its next render. */
export function retryFailedRoutes() {
  failed.forEach((renew) => renew());
  failed.clear();
}

subscribe(() => {
  if (connection().online) retryFailedRoutes();
});

/** React.lazy whose failed download is tried again after a retry or the server's return. */
export function lazyRoute<P extends object>(load: () => Promise<{ default: ComponentType<P> }>): ComponentType<P> {
  const attempt = () =>
    load().catch((error: unknown) => {
      failed.add(() => (Lazy = lazy(attempt)));
      reportOffline(); // the banner probes the server, whose return retries the view
      throw error;
    });
  let Lazy = lazy(attempt);
  function Route(props: P) {
    return <Lazy {...props} />;
  }
  return Route;
}
