import { describe, expect, it } from "vitest";
import { CATALOGUES } from "../locales";
import { formatBRL, formatNumber, formatPeriod, formatPeriodTick, periodLength } from "./format";
import { makeI18n } from "./i18n";

const nbsp = (text: string) => text.replace(/\u00a0/g, " ");

describe("messages through Intl", () => {
  it("picks the plural form and formats the count", () => {
    const pt = makeI18n("pt-BR");
    expect(pt.t("rows", { count: 1 })).toBe("1 linha");
    expect(pt.t("rows", { count: 0 })).toBe("0 linhas");
    expect(pt.t("rows", { count: 12345 })).toBe("12.345 linhas");
    const en = makeI18n("en");
    expect(en.t("rows", { count: 1 })).toBe("1 row");
    expect(en.t("rows", { count: 12345 })).toBe("12,345 rows");
    expect(pt.t("page", { page: 2, pages: 1500 })).toBe("Página 2 de 1.500");
  });

  it("names units, models, classes and statuses in the reader's language", () => {
    const pt = makeI18n("pt-BR");
    expect(pt.unit("m")).toBe("m");
    expect(pt.unit("UN")).toBe("un.");
    expect(pt.unit("cx")).toBe("cx"); // an unknown unit as the item has it
    expect(pt.label("model_", "snaive")).toBe("Ingênua sazonal");
    expect(pt.label("cls_", "lumpy")).toBe("esporádica");
    expect(pt.label("qs_", "warn")).toBe("atenção");
    expect(pt.label("im_", "sum_of_daily_bounds")).not.toContain("_");
  });

  it("has every pt-BR key in English", () => {
    expect(Object.keys(CATALOGUES.en).sort()).toEqual(Object.keys(CATALOGUES["pt-BR"]).sort());
  });
});

describe("numbers and dates", () => {
  it("never writes a negative zero", () => {
    expect(nbsp(formatBRL(-0.001, "pt-BR"))).toBe("R$ 0,00");
    expect(nbsp(formatBRL(-0, "pt-BR", 0))).toBe("R$ 0");
    expect(formatNumber(-0.004, "pt-BR", 2)).toBe("0");
    expect(nbsp(formatBRL(-12.5, "pt-BR"))).toBe("-R$ 12,50");
  });

  it("writes periods with Intl.DateTimeFormat and knows their length", () => {
    expect(formatPeriodTick("2026-01-05", "week", "pt-BR")).toBe("05/01");
    expect(formatPeriodTick("2026-01-05", "week", "en")).toBe("01/05");
    expect(formatPeriod("2026-03-01", "month", "pt-BR")).toBe("março de 2026");
    expect(periodLength("2026-02-01", "month")).toBe(28);
    expect(periodLength("2028-02-01", "month")).toBe(29);
    expect(periodLength("2026-02-02", "week")).toBe(7);
  });
});
