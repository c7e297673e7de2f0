import type { I18n } from "./i18n";

/** A data-quality check's name in the reader's language: a known check, the rows a reject
 * rule quarantined, or a field left empty for an unexpected value ("warnings:items.moq"). */
export function qualityCheckName(name: string, { t, label }: Pick<I18n, "t" | "label">): string {
  if (name.startsWith("rejects:")) return t("qc_rejects", { rule: name.slice("rejects:".length) });
  if (name.startsWith("warnings:")) {
    const [source = "", field = ""] = name.slice("warnings:".length).split(".", 2);
    return t("qc_warnings", { source, field });
  }
  return label("qc_", name);
}
