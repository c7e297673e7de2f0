import { useI18n } from "../lib/i18n";

export function StatusBadge({ status }: { status: string | null | undefined }) {
  const { label } = useI18n();
  if (!status) return null;
  return (
    <span className={`badge badge-${status}`} data-status={status}>
      {label("st_", status)}
    </span>
  );
}
