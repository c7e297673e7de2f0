import { render, screen } from "@testing-library/react";
import { Router } from "wouter";
import { describe, expect, it } from "vitest";
import { I18nProvider } from "../../../lib/i18n";
import type { ReorderRow } from "../../../api/types";
import { ReorderTable } from "./ReorderTable";

const ROW = {
  item_id: "000123",
  warehouse_id: "CD-SP01",
  item_name: "Bateria Lítio 48V",
  warehouse_name: "CD São Paulo",
  category: "Energia",
  criticality: "A",
  status: "critical",
  on_hand: 3,
  reorder_point: 12.345,
  suggested_order_qty: 1250,
  suggested_order_value_brl: 1612500.5,
  order_by_date: "2026-12-01",
  days_of_cover: 4.4,
  on_order: 1000,
  unit: "m",
  supplier_id: "F00042",
  next_receipt_date: "2026-12-20",
  next_receipt_qty: 600,
  transfer_in_qty: 0,
} as ReorderRow;

describe("ReorderTable", () => {
  it("shows the status badge, quantity, BRL value and order-by date in pt-BR", () => {
    render(
      <Router>
        <I18nProvider locale="pt-BR">
          <ReorderTable rows={[ROW]} />
        </I18nProvider>
      </Router>,
    );
    const cells = screen.getAllByRole("cell").map((c) => c.textContent?.replace(/\u00a0/g, " "));
    expect(cells).toEqual([
      "000123 Bateria Lítio 48V Energia · A · CD São Paulo Crítico",
      "F00042", // the supplier's code when the API has no name for it
      "CD São Paulo",
      "Crítico",
      "3",
      "1.000",
      "20/12/2026 (600)", // when the next open order arrives, and how much
      "12,3",
      "1.250 m", // the unit shows beside the quantity on a phone only
      "m", // the item's unit, not "un." for everything
      "R$ 1.612.500,50",
      "01/12/2026",
      "4",
    ]);
    expect(screen.getByRole("link").getAttribute("href")).toBe("/series/000123/CD-SP01");
    expect(screen.getAllByText("Crítico")[0]!.getAttribute("data-status")).toBe("critical");
  });

  it("names the supplier when the API does, and shows no arrival without an open order", () => {
    const row = { ...ROW, supplier_name: "Fios do Sul Ltda", on_order: 0, next_receipt_date: null, transfer_in_qty: 200 } as ReorderRow;
    render(
      <Router>
        <I18nProvider locale="pt-BR">
          <ReorderTable rows={[row]} />
        </I18nProvider>
      </Router>,
    );
    expect(screen.getByTestId("supplier").textContent).toBe("Fios do Sul Ltda");
    expect(screen.getByTestId("arrival").textContent).toBe("");
    expect(screen.getByTestId("transfer-in").textContent).toBe("200 chegam por transferência");
  });

  it("gives no order-by date to a line with nothing to order", () => {
    const row = { ...ROW, suggested_order_qty: 0, status: "stockout" } as ReorderRow;
    render(
      <Router>
        <I18nProvider locale="pt-BR">
          <ReorderTable rows={[row]} />
        </I18nProvider>
      </Router>,
    );
    expect(screen.getByTestId("order-by").textContent).toBe("—");
  });
});
