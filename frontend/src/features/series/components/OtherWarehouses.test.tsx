import { render, screen } from "@testing-library/react";
import { Router } from "wouter";
import { describe, expect, it } from "vitest";
import type { Schemas } from "../../../api/client";
import { I18nProvider } from "../../../lib/i18n";
import { AchievedService } from "./AchievedService";
import { OtherWarehouses } from "./OtherWarehouses";

const row = (warehouse_id: string, extra: Partial<Schemas["ItemSeries"]>) =>
  ({
    warehouse_id, warehouse_name: `CD ${warehouse_id}`, status: "ok", on_hand: 10, reorder_point: 5, safety_stock: 2,
    suggested_order_qty: 0, demand_class: "smooth", ...extra,
  }) as Schemas["ItemSeries"];

const ITEM = {
  item_id: "002670", item_name: "Cabo", unit: "M",
  warehouses: [
    row("A", { status: "excess", on_hand: 1293.5, excess_qty: 293, transfer_out_qty: 120 }),
    row("B", { status: "critical", on_hand: 3, suggested_order_qty: 129, transfer_in_qty: 120, on_order: 50, next_receipt_date: "2026-12-20" }),
  ],
} as Schemas["ItemDetail"];

const view = (node: React.ReactNode) =>
  render(
    <Router>
      <I18nProvider locale="pt-BR">{node}</I18nProvider>
    </Router>,
  );

describe("the item in each warehouse", () => {
  it("puts this warehouse first and marked, the others as links, with excess and transfers", () => {
    view(<OtherWarehouses item={ITEM} warehouseId="B" />);
    const rows = screen.getAllByRole("row").slice(1);
    expect(rows.map((r) => r.getAttribute("data-warehouse"))).toEqual(["B", "A"]);
    expect(rows[0]!.getAttribute("aria-current")).toBe("page");
    const cells = (r: HTMLElement) => [...r.querySelectorAll("td")].map((c) => c.textContent?.replace(/\u00a0/g, " "));
    expect(cells(rows[0]!)).toEqual(["CD B (este depósito)", "Crítico", "3 m", "50", "20/12/2026", "5", "—", "+120", "129"]);
    expect(cells(rows[1]!)).toEqual(["CD A", "Excesso", "1.293,5 m", "—", "", "5", "293", "−120", "0"]);
    expect(screen.getByRole("link", { name: "CD A" }).getAttribute("href")).toBe("/series/002670/A");
  });

  it("shows the achieved service against its target, below it marked", () => {
    view(
      <AchievedService
        windows={[
          { window_days: 365, days_in_stock_share: 0.991, fill_rate: 0.995, target_service_level: 0.99, days_observed: 120 },
          { window_days: 90, days_in_stock_share: 0.9, fill_rate: null, target_service_level: 0.99, days_observed: 90 },
        ]}
        classes={[{ class_kind: "criticality", class_name: "A", window_days: 90, days_in_stock_share: 0.97, fill_rate: 0.98, target_service_level: 0.99 }]}
      />,
    );
    const rows = screen.getAllByRole("row").slice(1).map((r) => r.textContent?.replace(/\u00a0/g, " "));
    expect(rows).toEqual([
      "Esta série · últimos 90 dias90%—99%",
      "Esta série · últimos 365 dias (120 dias observados)99,1%99,5%99%",
      "Criticidade A · últimos 90 dias97%98%99%",
    ]);
    expect(screen.getByTestId("service-90").querySelector("td")!.className).toContain("q-fail");
  });
});
