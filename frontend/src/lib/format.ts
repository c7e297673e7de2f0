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

/** A value that rounds to zero at `digits` decimals is zero: never "-0" or "-R$ 0,00". */
const unsignedZero = (value: number, digits: number) => (Math.abs(value) < 0.5 * 10 ** -digits ? 0 : value);

/** A calendar date "YYYY-MM-DD" of the data as a UTC instant (date-only ISO strings are UTC). */
export function parseDate(value: string | null | undefined): Date | null {
  if (!value) return null;
  const instant = new Date(value.slice(0, 10));
  return Number.isNaN(instant.getTime()) ? null : instant;
}

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
  }).format(unsignedZero(value, digits));
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
  }).format(unsignedZero(value, digits));
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
  const day = parseDate(value);
  if (!day) return value;
  return dateFormat(locale, { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "UTC" }).format(day);
}

export type Grain = "day" | "week" | "month";
export const GRAINS: Grain[] = ["day", "week", "month"];
/** The grain of a URL parameter; week by default. */
export const grainOf = (value: string | undefined): Grain =>
  (GRAINS as string[]).includes(value ?? "") ? (value as Grain) : "week";

/** A period's first day for a chart axis: 05/01 for a day or week, "jan. 26" for a month. */
export function formatPeriodTick(value: string, grain: Grain, locale: Locale): string {
  const day = parseDate(value);
  if (!day) return value;
  const options: Intl.DateTimeFormatOptions =
    grain === "month"
      ? { month: "short", year: "2-digit", timeZone: "UTC" }
      : { day: "2-digit", month: "2-digit", timeZone: "UTC" };
  return dateFormat(locale, options).format(day);
}

/** A period in words for a tooltip: the day, the week's first day, or "janeiro de 2026". */
export function formatPeriod(value: string, grain: Grain, locale: Locale): string {
  const day = parseDate(value);
  if (!day) return value;
  if (grain !== "month") return formatDate(value, locale);
  return dateFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" }).format(day);
}

/** How many days a whole period has: 1, 7, or the month's length. */
export function periodLength(value: string, grain: Grain): number {
  if (grain === "day") return 1;
  if (grain === "week") return 7;
  const day = parseDate(value);
  if (!day) return 30;
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 0)).getUTCDate();
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
