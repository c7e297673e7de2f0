import { describe, expect, it } from "vitest";
import {
  formatBRL,
  formatDate,
  formatDateTime,
  formatFixed,
  formatInteger,
  formatNumber,
  formatPercent,
} from "./format";

const nbsp = (text: string) => text.replace(/\u00a0/g, " ");

describe("pt-BR formatting", () => {
  it("uses a decimal comma and dot thousands", () => {
    expect(formatNumber(1234567.891, "pt-BR")).toBe("1.234.567,89");
    expect(formatFixed(7.3228541985683915, "pt-BR")).toBe("7,32");
    expect(formatFixed(0.5, "pt-BR", 3)).toBe("0,500");
    expect(formatInteger(44, "pt-BR")).toBe("44");
    expect(formatInteger(12345, "pt-BR")).toBe("12.345");
  });

  it("writes BRL as R$ with a comma for cents", () => {
    expect(nbsp(formatBRL(3564.96, "pt-BR"))).toBe("R$ 3.564,96");
    expect(nbsp(formatBRL(5948761.2, "pt-BR", 0))).toBe("R$ 5.948.761");
    expect(nbsp(formatBRL(-12.5, "pt-BR"))).toBe("-R$ 12,50");
  });

  it("writes dates dd/mm/aaaa without a time-zone shift", () => {
    expect(formatDate("2026-11-21", "pt-BR")).toBe("21/11/2026");
    expect(formatDate("2026-01-01", "pt-BR")).toBe("01/01/2026");
    expect(formatDate("2026-01-01", "en")).toBe("01/01/2026");
  });

  it("shows instants in São Paulo time", () => {
    expect(formatDateTime("2026-11-22T14:29:47Z", "pt-BR")).toBe("22/11/2026, 11:29");
  });

  it("writes percentages with a comma", () => {
    expect(nbsp(formatPercent(0.955, "pt-BR"))).toBe("95,5%");
    expect(formatPercent(0.99, "en")).toBe("99%");
  });

  it("shows a dash for missing numbers", () => {
    expect(formatNumber(null, "pt-BR")).toBe("—");
    expect(formatBRL(undefined, "pt-BR")).toBe("—");
    expect(formatNumber(Number.NaN, "pt-BR")).toBe("—");
    expect(formatDate(null, "pt-BR")).toBe("—");
  });

  it("uses English conventions when asked", () => {
    expect(formatNumber(1234.5, "en")).toBe("1,234.5");
    expect(formatBRL(3564.96, "en")).toBe("R$3,564.96");
  });
});
