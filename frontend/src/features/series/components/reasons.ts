// The pipeline writes why a series has its status and its reorder-point method in English
// (fct_reorder_point.status_reason, rop_reason: pipeline/gold/reorder_sql.py). The planner reads
// them in their language: each known sentence is matched and rewritten with its numbers and
// dates; a sentence not known here is not shown (never raw English).
import type { I18n, MessageKey } from "../../../lib/i18n";

const NUM = String.raw`(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)`;
const DATE = String.raw`(\d{4}-\d{2}-\d{2}|an unknown date)`;

type Rewrite = (m: RegExpMatchArray, i18n: I18n, unit: string) => string;

const STATUS: [RegExp, Rewrite][] = [
  [/^no demand in the history window and no positive forecast: nothing to plan$/, (_, { t }) => t("reason_no_demand")],
  [
    new RegExp(`^inventory position ${NUM} <= reorder point ${NUM}: order ${NUM} units up to ${NUM}$`),
    (m, { t }, unit) => t("reason_order", { ip: +m[1]!, rop: +m[2]!, qty: +m[3]!, unit, s: +m[4]! }),
  ],
  [
    new RegExp(`^covered by open orders of ${NUM} units arriving by ${DATE}$`),
    (m, { t, date }, unit) =>
      m[2] === "an unknown date"
        ? t("reason_covered_unknown", { qty: +m[1]!, unit })
        : t("reason_covered", { qty: +m[1]!, unit, date: date(m[2]) }),
  ],
  [
    new RegExp(`^nothing to order: inventory position ${NUM} already at the order-up-to level ${NUM}$`),
    (m, { t }) => t("reason_at_order_up_to", { ip: +m[1]!, s: +m[2]! }),
  ],
  [
    new RegExp(`^on hand ${NUM} above the order-up-to level ${NUM} with ${NUM} days of cover$`),
    (m, { t }) => t("reason_excess", { onHand: +m[1]!, s: +m[2]!, days: +m[3]! }),
  ],
  [
    new RegExp(`^inventory position ${NUM} above the reorder point ${NUM}$`),
    (m, { t }) => t("reason_above_rop", { ip: +m[1]!, rop: +m[2]! }),
  ],
];

/** status_reason in the reader's language; null when the sentence is not a known one. */
export function statusReason(reason: string | null | undefined, i18n: I18n, unit: string): string | null {
  if (!reason) return null;
  for (const [pattern, rewrite] of STATUS) {
    const match = reason.match(pattern);
    if (match) return rewrite(match, i18n, unit);
  }
  return null;
}

const NORMAL_FALLBACK: [RegExp, MessageKey][] = [
  [/^series not in the current forecast distribution/, "ropNormalSeries"],
  [/^no forecast distribution in the current ML export/, "ropNormalExport"],
];

/** Why a normal_fallback series uses the normal formula (rop_reason), in the reader's language. */
export function normalFallbackReason(reason: string | null | undefined, i18n: I18n): string {
  const known = NORMAL_FALLBACK.find(([pattern]) => reason && pattern.test(reason));
  return i18n.t(known ? known[1] : "ropNormal");
}
