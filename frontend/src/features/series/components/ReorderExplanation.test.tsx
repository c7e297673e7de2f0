import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { I18nProvider } from "../../../lib/i18n";
import type { ReorderRow } from "../../../api/types";
import { ReorderExplanation } from "./ReorderExplanation";
import { ServiceLevelWhatIf } from "./ServiceLevelWhatIf";
import { fireEvent } from "@testing-library/react";

const ROW = {
  item_id: "087718",
  warehouse_id: "CD-RS01",
  item_name: "Controlador de balizamento",
  warehouse_name: "CD Porto Alegre",
  as_of_date: "2026-11-21",
  status: "stockout",
  criticality: "A",
  category: "Iluminação",
  demand_class: "intermittent",
  lead_time_days: 42.111111111111114,
  lead_time_std_days: 6.570432179829116,
  lead_time_source: "history",
  service_level: 0.99,
  z: 2.3263478740408408,
  lead_time_demand: 4.968912967524353,
  daily_demand: 0.11799529474332235,
  demand_std: 0.4701307709992969,
  demand_source: "forecast",
  demand_std_source: "forecast_error",
  safety_stock: 7.3228541985683915,
  safety_stock_normal: 7.3228541985683915,
  ss_method: "normal",
  reorder_point: 12.291767166092743,
  on_hand: 0,
  on_order: 10,
  inventory_position: 10,
  days_of_cover: 0,
  order_up_to: 13.117734229296,
  suggested_order_qty: 4,
  projected_stockout_date: "2026-11-21",
  order_by_date: "2026-11-21",
  review_days: 7,
  unit_cost: 891.24,
  inventory_value_brl: 0,
  suggested_order_value_brl: 3564.96,
  model: "adida",
} as ReorderRow;

describe("ReorderExplanation", () => {
  it("fills the formula with the series' numbers in pt-BR", () => {
    render(
      <I18nProvider locale="pt-BR">
        <ReorderExplanation row={ROW} />
      </I18nProvider>,
    );
    expect(screen.getByTestId("ss-formula").textContent).toContain(
      "= 2,326 × √(42,11 × 0,47² + 0,12² × 6,57²) = 7,32",
    );
    expect(screen.getByTestId("rop-formula").textContent).toContain("4,97 + 7,32 = 12,29");
    expect(screen.getByTestId("qty-value").textContent).toBe("4");
    expect(screen.getByTestId("order-by").textContent).toBe("21/11/2026");
    expect(screen.getByText("Ruptura")).toBeTruthy();
    expect(screen.getByTestId("input-lead_time_days").textContent).toBe("42,11 dias");
  });

  it("explains an empirical safety stock", () => {
    const row = { ...ROW, ss_method: "empirical", empirical_lead_time_demand: 15, safety_stock: 10.03 };
    render(
      <I18nProvider locale="en">
        <ReorderExplanation row={row} />
      </I18nProvider>,
    );
    expect(screen.getByTestId("ss-empirical").textContent).toContain("SS = 15.00 − 4.97 = 10.03");
  });
});

describe("ServiceLevelWhatIf", () => {
  it("recomputes safety stock, reorder point and the cost of the extra stock", () => {
    render(
      <I18nProvider locale="pt-BR">
        <ServiceLevelWhatIf row={ROW} />
      </I18nProvider>,
    );
    expect(screen.getByTestId("what-if-ss").textContent).toBe("7,32");
    fireEvent.change(screen.getByRole("slider"), { target: { value: "0.9" } });
    // z(0.90) = 1.2815515655446004: SS = 7.3228541985683915 * 1.28155 / 2.32635
    expect(screen.getByTestId("what-if-z").textContent).toBe("1,282");
    expect(screen.getByTestId("what-if-ss").textContent).toBe("4,03");
    expect(screen.getByTestId("what-if-rop").textContent).toBe("9,00");
    expect(screen.getByTestId("what-if-cost").textContent?.replace(/\u00a0/g, " ")).toContain("-R$ 2.931,");
  });
});
