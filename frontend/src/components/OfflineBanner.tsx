import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { reportOnline, trackedFetch, useConnection } from "../lib/connection";
import { useI18n } from "../lib/i18n";

const POLL_MS = 2000;

/** While the server does not answer: a banner, and a light probe of /health every 2 s. When it
 * answers again, every query that failed is asked again (no reload). */
export function OfflineBanner() {
  const { t } = useI18n();
  const client = useQueryClient();
  const { online, epoch } = useConnection();
  const first = useRef(epoch);
  useEffect(() => {
    if (online) return;
    const timer = window.setInterval(() => {
      trackedFetch("/api/v1/health", { cache: "no-store" }).then(reportOnline, () => {});
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [online]);
  useEffect(() => {
    if (epoch === first.current) return;
    void client.refetchQueries({ predicate: (query) => query.state.status === "error" });
  }, [epoch, client]);
  if (online) return null;
  return (
    <p className="offline" role="alert" data-testid="offline-banner">
      {t("offline")}
    </p>
  );
}
