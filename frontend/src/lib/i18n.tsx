import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { CATALOGUES, type Message, type MessageKey } from "../locales";
import * as f from "./format";
import type { Locale } from "./format";

export type { MessageKey } from "../locales";

type Values = Record<string, string | number | null | undefined>;

export interface I18n {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  /** A message with its {placeholders} filled; numbers through Intl.NumberFormat, and the plural
   * form (Intl.PluralRules) from `count`. */
  t: (key: MessageKey, values?: Values) => string;
  /** A message for a dynamic key (a status, a model), or the raw value when there is none. */
  label: (prefix: string, value: string | null | undefined) => string;
  /** The item's unit (UN, m, kg) as the reader writes it; the generic word when it is unknown. */
  unit: (code: string | null | undefined) => string;
  num: (value: number | null | undefined, digits?: number) => string;
  fixed: (value: number | null | undefined, digits?: number) => string;
  int: (value: number | null | undefined) => string;
  brl: (value: number | null | undefined, digits?: number) => string;
  pct: (value: number | null | undefined, digits?: number) => string;
  date: (value: string | null | undefined) => string;
  dateTime: (value: string | null | undefined) => string;
}

const pluralRules = new Map<Locale, Intl.PluralRules>();

function pick(message: Message, locale: Locale, count: unknown): string {
  if (typeof message === "string") return message;
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    pluralRules.set(locale, rules);
  }
  // an explicit zero form wins (pt-BR CLDR counts 0 as "one": "0 linha" reads wrong)
  if (count === 0 && message.zero) return message.zero;
  const form = typeof count === "number" ? rules.select(count) : "other";
  return message[form as keyof typeof message] ?? message.other;
}

export function makeI18n(locale: Locale, setLocale: (l: Locale) => void = () => {}): I18n {
  const messages = CATALOGUES[locale];
  const has = (key: string): key is MessageKey => key in messages;
  const t = (key: MessageKey, values?: Values) =>
    pick(messages[key], locale, values?.count).replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = values?.[name];
      if (typeof value === "number") return f.formatNumber(value, locale);
      return value ?? "";
    });
  const label = (prefix: string, value: string | null | undefined) => {
    if (value == null) return f.DASH;
    const key = `${prefix}${value}`;
    return has(key) ? t(key) : value;
  };
  return {
    locale,
    setLocale,
    t,
    label,
    unit: (code) => (code ? label("unit_", code) : t("units")),
    num: (v, digits) => f.formatNumber(v, locale, digits),
    fixed: (v, digits) => f.formatFixed(v, locale, digits),
    int: (v) => f.formatInteger(v, locale),
    brl: (v, digits) => f.formatBRL(v, locale, digits),
    pct: (v, digits) => f.formatPercent(v, locale, digits),
    date: (v) => f.formatDate(v, locale),
    dateTime: (v) => f.formatDateTime(v, locale),
  };
}

const I18nContext = createContext<I18n>(makeI18n("pt-BR"));
const STORAGE_KEY = "locale";

function initialLocale(): Locale {
  try {
    return window.localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "pt-BR";
  } catch {
    return "pt-BR";
  }
}

export function I18nProvider({ children, locale: fixed }: { children: ReactNode; locale?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(fixed ?? initialLocale);
  useEffect(() => {
    document.documentElement.lang = locale; // screen readers pick the voice from it
  }, [locale]);
  const value = useMemo(() => {
    const setLocale = (next: Locale) => {
      setLocaleState(next);
      try {
        window.localStorage.setItem(STORAGE_KEY, next);
      } catch {
        // private mode: the choice lasts for this page only
      }
    };
    return makeI18n(locale, setLocale);
  }, [locale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export const useI18n = () => useContext(I18nContext);
