import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import { Router } from "wouter";
import { describe, expect, it } from "vitest";
import { I18nProvider } from "../../../lib/i18n";
import { warehousesQueryOptions } from "../../../api/warehouses";
import { AlertList } from "./AlertList";

const ALERTS = [
  {
    type: "critical", severity: "high", item_id: "002670", item_name: "Cabo PP 3x2,5", unit: "M",
    warehouse_id: "CD-PE01", warehouse_name: "CD Recife", value: 26,
    threshold: 120.5, value_brl: 142607.3, message: "on hand 26.0 <= safety stock 107.5",
  },
  {
    type: "data_quality", severity: "medium", item_id: null, warehouse_id: null, value: 0.9,
    threshold: 0.95, value_brl: null, message: "completeness_forecast warn: 90 of 100 series",
  },
];

describe("AlertList", () => {
  it("writes alerts in pt-BR with the item's and warehouse's names and a link to the series", () => {
    // No API under Vitest: the warehouses' answer (names of alerts without one) is put in the cache.
    const client = new QueryClient();
    client.setQueryData(warehousesQueryOptions().queryKey, {
      snapshot_id: "s", count: 1, data: [{ warehouse_id: "CD-PE01", name: "CD Recife" }],
    } as never);
    render(
      <QueryClientProvider client={client}>
        <Router>
          <I18nProvider locale="pt-BR">
            <AlertList alerts={ALERTS} />
          </I18nProvider>
        </Router>
      </QueryClientProvider>,
    );
    const items = screen.getAllByRole("listitem");
    expect(items[0]!.textContent?.replace(/\u00a0/g, " ")).toBe(
      "alta Crítico 002670 Cabo PP 3x2,5 · CD Recife (CD-PE01) — em estoque 26 m, abaixo do estoque de segurança (R$ 142.607,30)",
    );
    expect(screen.getByRole("link").getAttribute("href")).toBe("/series/002670/CD-PE01");
    expect(items[1]!.textContent).toContain("Séries com previsão do ML: atenção (valor 0,9, limite 0,95)");
  });
});
