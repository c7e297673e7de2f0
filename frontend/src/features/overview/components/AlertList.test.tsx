import { render, screen } from "@testing-library/react";
import { Router } from "wouter";
import { describe, expect, it } from "vitest";
import { I18nProvider } from "../../../lib/i18n";
import { AlertList } from "./AlertList";

const ALERTS = [
  {
    type: "critical", severity: "high", item_id: "002670", warehouse_id: "CD-PE01", value: 26,
    threshold: 120.5, value_brl: 142607.3, message: "on hand 26.0 <= safety stock 107.5",
  },
  {
    type: "data_quality", severity: "medium", item_id: null, warehouse_id: null, value: 0.9,
    threshold: 0.95, value_brl: null, message: "completeness_forecast warn: 90 of 100 series",
  },
];

describe("AlertList", () => {
  it("writes stock alerts in pt-BR with a link to the series, quality alerts as the API says", () => {
    render(
      <Router>
        <I18nProvider locale="pt-BR">
          <AlertList alerts={ALERTS} count={48} />
        </I18nProvider>
      </Router>,
    );
    const items = screen.getAllByRole("listitem");
    expect(items[0]!.textContent?.replace(/\u00a0/g, " ")).toBe(
      "alta Crítico 002670 · CD-PE01 — em estoque 26, abaixo do estoque de segurança (R$ 142.607,30)",
    );
    expect(screen.getByRole("link").getAttribute("href")).toBe("/series/002670/CD-PE01");
    expect(items[1]!.textContent).toContain("completeness_forecast warn: 90 of 100 series");
    expect(screen.getByText("2 / 48 alertas")).toBeTruthy();
  });
});
