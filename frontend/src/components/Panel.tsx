import { useId, type ReactNode } from "react";
import type { UseQueryResult } from "@tanstack/react-query";
import { isChunkError, NetworkError } from "../lib/connection";
import { useI18n } from "../lib/i18n";
import { ErrorBoundary } from "./ErrorBoundary";

export function Skeleton({ lines = 3, height }: { lines?: number; height?: number }) {
  const { t } = useI18n();
  return (
    <div className="skeleton" role="status" aria-live="polite" data-testid="skeleton">
      <span className="visually-hidden">{t("loading")}</span>
      {height ? (
        <div className="skeleton-block" style={{ height }} />
      ) : (
        Array.from({ length: lines }, (_, i) => <div key={i} className="skeleton-line" />)
      )}
    </div>
  );
}

/** The view's one heading of level 1. */
export function PageTitle({ children }: { children: ReactNode }) {
  return <h1 className="page-title">{children}</h1>;
}

export function ErrorState({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const { t } = useI18n();
  const message =
    error instanceof NetworkError ? t("networkError") : isChunkError(error) ? t("chunkError") : error.message;
  return (
    <div className="state state-error" role="alert">
      <p>
        <strong>{t("errorTitle")}</strong> {message}
      </p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t("retry")}
        </button>
      )}
    </div>
  );
}

export function EmptyState({ children }: { children?: ReactNode }) {
  const { t } = useI18n();
  return <p className="state state-empty">{children ?? t("empty")}</p>;
}

/** A titled section with its own error boundary: one failing panel never blanks the view. */
export function Panel({
  title,
  actions,
  children,
  className,
  testId,
}: {
  title: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  testId?: string;
}) {
  const id = useId();
  return (
    <section className={`panel ${className ?? ""}`} aria-labelledby={id} data-testid={testId}>
      <header className="panel-header">
        <h2 id={id}>{title}</h2>
        {actions && <div className="panel-actions">{actions}</div>}
      </header>
      <ErrorBoundary fallback={(error, reset) => <ErrorState error={error} onRetry={reset} />}>
        {children}
      </ErrorBoundary>
    </section>
  );
}

/** Loading skeleton, error (with retry), empty state or the data, for one query. */
export function QueryState<T>({
  query,
  isEmpty,
  empty,
  skeleton,
  children,
}: {
  query: UseQueryResult<T>;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  skeleton?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <>{skeleton ?? <Skeleton />}</>;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (isEmpty?.(query.data)) return <EmptyState>{empty}</EmptyState>;
  return <>{children(query.data)}</>;
}
