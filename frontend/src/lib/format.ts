// Every number, amount and date the user reads goes through Intl, never string concatenation.
export type Locale = "pt-BR" | "en";

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function numberFormat(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${locale}|${JSON.stringify(options)}`;
  let format = cache.get(key) as Intl.NumberFormat | undefined;
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    cache.set(key, format);
  }
  return format;
}

function dateFormat(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${locale}|${JSON.stringify(options)}`;
  let format = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    cache.set(key, format);
  }
  return format;
}

const isNumber = (value: number | null | undefined): value is number =>
  typeof value === "number" && Number.isFinite(value);

export const DASH = "—";

/** A quantity with up to `digits` decimals (pt-BR: 1.234,5). */
export function formatNumber(
  value: number | null | undefined,
  locale: Locale,
  digits = 2,
  minDigits = 0,
): string {
  if (!isNumber(value)) return DASH;
  return numberFormat(locale, {
    maximumFractionDigits: digits,
    minimumFractionDigits: minDigits,
  }).format(value);
}

/** Exactly `digits` decimals: the numbers of a formula, so they line up. */
export function formatFixed(value: number | null | undefined, locale: Locale, digits = 2): string {
  return formatNumber(value, locale, digits, digits);
}

export function formatInteger(value: number | null | undefined, locale: Locale): string {
  return formatNumber(value, locale, 0);
}

/** Money in BRL (pt-BR: R$ 1.234,56). */
export function formatBRL(value: number | null | undefined, locale: Locale, digits = 2): string {
  if (!isNumber(value)) return DASH;
  return numberFormat(locale, {
    style: "currency",
    currency: "BRL",
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

/** A share 0..1 as a percentage (pt-BR: 95,5 %). */
export function formatPercent(value: number | null | undefined, locale: Locale, digits = 1): string {
  if (!isNumber(value)) return DASH;
  return numberFormat(locale, {
    style: "percent",
    maximumFractionDigits: digits,
    minimumFractionDigits: 0,
  }).format(value);
}

/** A calendar date "YYYY-MM-DD" (a local date of the data: no time zone shift). */
export function formatDate(value: string | null | undefined, locale: Locale): string {
  if (!value) return DASH;
  const [y, m, d] = value.slice(0, 10).split("-").map(Number);
  if (!y || !m || !d) return value;
  return dateFormat(locale, {
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** A short date for chart axes (pt-BR: 05/01). */
export function formatShortDate(value: string, locale: Locale, withYear = false): string {
  const [y, m, d] = value.slice(0, 10).split("-").map(Number);
  if (!y || !m || !d) return value;
  const options: Intl.DateTimeFormatOptions = withYear
    ? { month: "short", year: "2-digit", timeZone: "UTC" }
    : { day: "2-digit", month: "2-digit", timeZone: "UTC" };
  return dateFormat(locale, options).format(new Date(Date.UTC(y, m - 1, d)));
}

/** An instant (ISO-8601 with offset) in the planners' time zone. */
export function formatDateTime(
  value: string | null | undefined,
  locale: Locale,
  timeZone = "America/Sao_Paulo",
): string {
  if (!value) return DASH;
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return value;
  return dateFormat(locale, {
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone,
  }).format(instant);
}
