import { describe, expect, it } from "vitest";
import { makeI18n } from "./i18n";
import { qualityCheckName } from "./quality";

describe("qualityCheckName", () => {
  const pt = makeI18n("pt-BR");
  it("names known checks, reject rules and emptied fields in pt-BR", () => {
    expect(qualityCheckName("freshness_days", pt)).toBe("Idade dos dados (dias)");
    expect(qualityCheckName("rejects:bad_date", pt)).toBe("Linhas rejeitadas pela regra bad_date");
    expect(qualityCheckName("warnings:items.moq", pt)).toBe("Linhas de items mantidas com moq vazio (valor inesperado)");
  });

  it("in English too", () => {
    expect(qualityCheckName("warnings:suppliers.min_order_value_brl", makeI18n("en"))).toBe(
      "suppliers rows kept with min_order_value_brl empty (unexpected value)",
    );
  });
});
