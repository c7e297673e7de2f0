import { render, screen } from "@testing-library/react";
import { Router } from "wouter";
import { describe, expect, it } from "vitest";
import { I18nProvider } from "../../../lib/i18n";
import { KpiCards } from "./KpiCards";

const KPIS = {
  as_of_date: "2026-11-21",
  warehouse_id: null,
  series: 120,
  by_status: { stockout: 5, critical: 15, reorder: 24, ok: 60, excess: 10, no_demand: 6 },
  inventory_value_brl: 5948761.2,
  suggested_order_value_brl: 900000,
  value_at_risk_brl: 312523.4,
  excess_value_brl: 1000,
  order_now_lines: 1234,
  proposal_lines: 1200,
  proposal_value_brl: 478866.4,
  transfer_lines: 7,
  transfer_value_brl: 12000.5,
  accuracy: {
    model_version: "mv_1",
    degraded_rmsse_threshold: 1,
    by_source: [
      {
        source: "backtest", series: 120, rmsse_median: 0.6712, rmsse_mean: 0.7, wape_mean: 0.5,
        bias_mean: 0, coverage80_mean: 0.8, coverage95_mean: 0.95, degraded_share: 0.1,
      },
    ],
  },
  definitions: {},
};

describe("KpiCards", () => {
  it("shows counts, BRL amounts and accuracy in pt-BR, each card a link to its list", () => {
    render(
      <Router>
        <I18nProvider locale="pt-BR">
          <KpiCards kpis={KPIS} />
        </I18nProvider>
      </Router>,
    );
    const value = (id: string) =>
      screen.getByTestId(`kpi-${id}`).querySelector(".kpi-value")?.textContent?.replace(/\u00a0/g, " ");
    expect(value("to-reorder")).toBe("1.234"); // lines to order today, not a sum of statuses
    expect(value("critical")).toBe("15");
    expect(value("stockouts")).toBe("5");
    expect(value("inventory-value")).toBe("R$ 5.948.761");
    expect(value("value-at-risk")).toBe("R$ 312.523");
    expect(value("accuracy")).toBe("0,67");
    expect(value("proposals")).toBe("R$ 478.866");
    expect(value("transfers")).toBe("7");
    expect(screen.getByText("Repor hoje")).toBeTruthy();
    const href = (id: string) => screen.getByTestId(`kpi-${id}`).querySelector("a")?.getAttribute("href");
    expect(href("to-reorder")).toBe("/reorder?today=1&sort=suggested_order_value_brl");
    expect(href("stockouts")).toBe("/reorder?status=stockout");
    expect(href("accuracy")).toBe("/accuracy");
    expect(href("proposals")).toBe("/proposals");
    expect(href("transfers")).toBe("/transfers");
  });
});
