import { render, screen } from "@testing-library/react";
import { Router } from "wouter";
import { describe, expect, it } from "vitest";
import { I18nProvider } from "../../../lib/i18n";
import type { SupplierProposal } from "../api/proposals";
import { SupplierLines } from "./SupplierLines";

// only the fields the view reads (the API's lines carry more)
const GROUP = {
  supplier_id: "F00042",
  supplier_name: "Fios do Sul Ltda",
  line_count: 2,
  value_brl: 2650,
  earliest_order_by_date: "2026-12-01",
  first_expected_arrival_date: "2026-12-29",
  last_expected_arrival_date: "2026-12-29",
  min_order_value_brl: 3000,
  meets_min_order_value: false,
  min_order_shortfall_brl: 350,
  lines: [
    {
      item_id: "002670", item_name: "Cabo PP 3x2,5", warehouse_id: "CD-SP01", warehouse_name: "CD São Paulo",
      unit: "M", status: "stockout", reason_code: "stockout", order_qty: 500, transfer_in_qty: 100, moq: 200,
      order_multiple: 100, unit_cost: 3.3, value_brl: 1650, order_by_date: "2026-12-01", expected_arrival_date: "2026-12-29",
    },
    {
      item_id: "000123", item_name: "Bateria", warehouse_id: "CD-PE01", warehouse_name: "CD Recife",
      unit: "UN", status: "critical", reason_code: "below_safety_stock", order_qty: 2, transfer_in_qty: 0, moq: null,
      order_multiple: null, unit_cost: 500, value_brl: 1000, order_by_date: "2026-12-02", expected_arrival_date: null,
    },
  ],
} as unknown as SupplierProposal;

describe("SupplierLines", () => {
  it("shows the supplier's figures, its minimum and each line in pt-BR, in the item's unit", () => {
    render(
      <Router>
        <I18nProvider locale="pt-BR">
          <SupplierLines group={GROUP} />
        </I18nProvider>
      </Router>,
    );
    const text = (id: string) => screen.getByTestId(id).textContent?.replace(/\u00a0/g, " ");
    expect(text("supplier-total")).toBe("R$ 2.650,00");
    expect(text("supplier-order-by")).toBe("01/12/2026");
    expect(text("below-minimum")).toBe("Abaixo do pedido mínimo do fornecedor: faltam R$ 350,00.");
    const rows = screen.getAllByRole("row").slice(1);
    const cells = rows[0]!.querySelectorAll("td");
    expect([...cells].map((c) => c.textContent?.replace(/\u00a0/g, " "))).toEqual([
      "002670 Cabo PP 3x2,5 · CD São Paulo", // the warehouse shows under the item on a phone
      "CD São Paulo",
      "Ruptura · 100 m chegam por transferência",
      "500 m",
      "mín. 200 × 100",
      "R$ 3,30",
      "R$ 1.650,00",
      "01/12/2026",
      "29/12/2026",
    ]);
    expect(rows[1]!.textContent).toContain("Abaixo do estoque de segurança");
    expect(rows[1]!.querySelector("[data-testid=line-qty]")!.textContent?.replace(/\u00a0/g, " ")).toBe("2 un.");
  });
});
