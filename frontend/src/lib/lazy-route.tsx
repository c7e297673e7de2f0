import { lazy, type ComponentType } from "react";

/** React.lazy whose failed download is tried again on the next render (after the error
 * boundary's "Tentar de novo" or the server's return), instead of failing for the page's life. */
export function lazyRoute<P extends object>(load: () => Promise<{ default: ComponentType<P> }>): ComponentType<P> {
  let Lazy = lazy(attempt);
  function attempt() {
    return load().catch((error: unknown) => {
      Lazy = lazy(attempt); // a fresh lazy component: the next render starts a new download
      throw error;
    });
  }
  function Route(props: P) {
    return <Lazy {...props} />;
  }
  return Route;
}
