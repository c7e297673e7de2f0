import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { I18nProvider, makeI18n } from "../../../lib/i18n";
import type { ReorderRow } from "../../../api/types";
import { ReorderExplanation } from "./ReorderExplanation";
import { ServiceLevelWhatIf } from "./ServiceLevelWhatIf";
import { fireEvent } from "@testing-library/react";

const ROW = {
  item_id: "003265",
  warehouse_id: "CD-RS01",
  item_name: "Bateria de lítio LiFePO4 48V 100Ah",
  warehouse_name: "CD Porto Alegre",
  as_of_date: "2026-11-21",
  status: "stockout",
  criticality: "A",
  category: "Iluminação",
  demand_class: "intermittent",
  // fct_reorder_point's numbers for this series (S sample, seed 7): the reorder point over
  // lead time + review period, ROP = D_L + d R + SS
  lead_time_days: 23.2,
  lead_time_std_days: 2.394437999475729,
  lead_time_source: "history",
  service_level: 0.99,
  z: 2.3263478740408408,
  lead_time_demand: 9.280000000000003,
  daily_demand: 0.40000000000000013,
  demand_std: 0.52,
  demand_source: "forecast",
  demand_std_source: "forecast_error",
  safety_stock: 7.01131043626164,
  safety_stock_normal: 7.011310436261641,
  ss_method: "normal",
  reorder_point: 19.091310436261644,
  on_hand: 0,
  on_order: 14,
  inventory_position: 14,
  days_of_cover: 0,
  order_up_to: 21.891310436261644,
  suggested_order_qty: 8,
  projected_stockout_date: "2026-11-21",
  order_by_date: "2026-11-21",
  review_days: 7,
  unit_cost: 9400.19,
  inventory_value_brl: 0,
  suggested_order_value_brl: 75201.52,
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
      "SS = z × √((L + R) × σd² + d² × σL²) = 2,326 × √((23,20 + 7) × 0,52² + 0,40² × 2,39²) = 7,01",
    );
    expect(screen.getByTestId("rop-formula").textContent).toBe("ROP = D_L + d × R + SS = 9,28 + 0,40 × 7 + 7,01 = 19,09");
    expect(screen.getByTestId("s-formula").textContent).toBe("S = ROP + d × R = 19,09 + 0,40 × 7 = 21,89");
    expect(screen.getByTestId("qty-value").textContent).toBe("8");
    expect(screen.getByTestId("order-by").textContent).toBe("21/11/2026");
    expect(screen.getByText("Ruptura")).toBeTruthy();
    expect(screen.getByTestId("input-lead_time_days").textContent).toBe("23,20 dias");
  });

  it("explains an empirical safety stock", () => {
    const row = { ...ROW, ss_method: "empirical", empirical_lead_time_demand: 15, safety_stock: 2.92 };
    render(
      <I18nProvider locale="en">
        <ReorderExplanation row={row} />
      </I18nProvider>,
    );
    expect(screen.getByTestId("ss-empirical").textContent).toContain("SS = 15.00 − 9.28 − 2.80 = 2.92");
  });
});

describe("ServiceLevelWhatIf", () => {
  it("recomputes safety stock, reorder point and the cost of the extra stock", () => {
    render(
      <I18nProvider locale="pt-BR">
        <ServiceLevelWhatIf row={ROW} />
      </I18nProvider>,
    );
    expect(screen.getByTestId("what-if-ss").textContent).toBe("7,01");
    expect(screen.getByTestId("what-if-rop").textContent).toBe("19,09"); // the snapshot's own
    fireEvent.change(screen.getByRole("slider"), { target: { value: "0.9" } });
    // z(0.90) = 1.2815515655446004: SS = 7.01131 * 1.28155 / 2.32635, ROP = 9.28 + 0.4 * 7 + SS
    expect(screen.getByTestId("what-if-z").textContent).toBe("1,282");
    expect(screen.getByTestId("what-if-ss").textContent).toBe("3,86");
    expect(screen.getByTestId("what-if-rop").textContent).toBe("15,94");
    expect(screen.getByTestId("what-if-cost").textContent?.replace(/\u00a0/g, " ")).toContain("-R$ 29.600,07");
  });
});

// A series whose reorder point is a quantile of the forecast distribution (rop_method =
// distribution), with the columns pipeline/gold/reorder.py writes for it.
const LEVELS = [0.8, 0.85, 0.9, 0.925, 0.95, 0.96, 0.97, 0.975, 0.98, 0.99, 0.995];
const DISTRIBUTION = {
  ...ROW,
  status: "reorder",
  criticality: "B",
  service_level: 0.95,
  z: 1.6448536269514722,
  rop_method: "distribution",
  rop_reason: "service-level quantile of the forecast distribution mixed over 5 lead time(s)",
  ss_method: "distribution",
  demand_source: "distribution",
  lead_time_days: 36.4,
  lead_time_point_count: 5,
  lead_time_min_days: 30,
  lead_time_max_days: 45,
  distribution_horizon_days: 90,
  distribution_extrapolated: false,
  lead_time_demand: 3.2,
  daily_demand: 0.1,
  reorder_point: 5,
  safety_stock: 1.1, // 5 - 3.2 - 0.1 * 7
  safety_stock_normal: 2.1,
  order_up_to: 5.7, // 5 + 0.1 * 7
  on_hand: 1,
  on_order: 3,
  inventory_position: 4,
  moq: 6,
  order_multiple: null,
  suggested_order_qty: 6,
  unit_cost: 100,
  suggested_order_value_brl: 600,
  status_reason: "inventory position 4.0 <= reorder point 5.0: order 6 units up to 5.7",
  reorder_point_by_level: [3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 9],
  reorder_point_levels: LEVELS,
} as ReorderRow;

const ENGLISH = /quantile|inventory position|lead time|order-up-to|units up to|formula/;

function explain(row: ReorderRow, locale: "pt-BR" | "en" = "pt-BR") {
  return render(
    <I18nProvider locale={locale}>
      <ReorderExplanation row={row} unitCode="UN" />
    </I18nProvider>,
  );
}

describe("ReorderExplanation of the distribution method", () => {
  it("says the reorder point is a quantile of lead-time demand, in planner words", () => {
    const { container } = explain(DISTRIBUTION);
    expect(screen.getByTestId("rop-formula").textContent).toBe(
      "Ponto de pedido = quantil de 95% da demanda durante o prazo de entrega mais 7 dias de revisão " +
        "(distribuição da previsão, 5 prazos observados entre 30 e 45 dias) = 5,00 un.",
    );
    expect(screen.getByTestId("ss-difference").textContent).toContain("SS = ROP − D_L − d × R = 5,00 − 3,20 − 0,10 × 7 = 1,10");
    expect(screen.getByTestId("s-formula").textContent).toBe("S = ROP + d × R = 5,00 + 0,10 × 7 = 5,70");
    const rule = screen.getByTestId("order-rule").textContent ?? "";
    expect(rule).toContain("só se pede quando IP ≤ ponto de pedido");
    expect(rule).toContain("no mínimo o lote mínimo de 6 un.");
    expect(screen.getByTestId("qty-formula").textContent).toContain("max(0, 5,70 − 4,00) → 6 un. (R$");
    expect(screen.getByTestId("qty-value").textContent).toBe("6");
    expect(screen.getByTestId("status-reason").textContent).toBe(
      "Motivo: posição de estoque 4 ≤ ponto de pedido 5: pedir 6 un. para chegar a 5,7",
    );
    expect(screen.getByTestId("ss-formula").textContent).toContain("Referência: fórmula normal: SS = z ×");
    expect(screen.getByTestId("ss-normal-value").textContent).toBe("2,10");
    expect(screen.getByTestId("input-lead_time_points").textContent).toBe("5 · 30–45 dias");
    expect(screen.getByTestId("input-moq").textContent).toBe("6 un.");
    expect(screen.queryByTestId("rop-extrapolated")).toBeNull();
    expect(container.textContent).not.toMatch(ENGLISH);
    expect(container.textContent).not.toMatch(/[a-z]_[a-z]/); // no raw column or method name
  });

  it("names one lead time, an extrapolation and a negative safety stock", () => {
    explain({
      ...DISTRIBUTION,
      lead_time_point_count: 1,
      lead_time_max_days: 30,
      distribution_extrapolated: true,
      reorder_point: 2,
      safety_stock: -1.2,
      inventory_position: 9,
      suggested_order_qty: 0,
      status: "ok",
      status_reason: "inventory position 9.0 above the reorder point 2.0",
    });
    const rop = screen.getByTestId("rop-formula").textContent ?? "";
    expect(rop).toContain("(distribuição da previsão, 1 prazo observado de 30 dias) = 2,00");
    expect(screen.getByTestId("rop-extrapolated").textContent).toContain("horizonte de 90 dias da previsão");
    expect(screen.getByTestId("ss-difference").textContent).toContain("a demanda é quase sempre zero");
    expect(screen.getByTestId("qty-formula").textContent).toContain("IP 9,00 > ponto de pedido 2,00: nada a pedir");
    expect(screen.getByTestId("status-reason").textContent).toBe(
      "Motivo: posição de estoque 9 acima do ponto de pedido 2",
    );
  });

  it("explains the insurance stock of a dormant critical part", () => {
    const { container } = explain({
      ...DISTRIBUTION,
      rop_method: "insurance",
      ss_method: "insurance",
      criticality: "A",
      service_level: 0.99,
      lead_time_days: 40,
      lookback_demand_units: 2,
      lookback_days: 730,
      long_run_daily_demand: 2 / 730,
      daily_demand: 2 / 730,
      lead_time_demand: (2 / 730) * 40,
      reorder_point: 1,
      safety_stock: 1 - (2 / 730) * 47,
      order_up_to: 1, // 1 + floor(0.0027 * 7): whole units of a part that rarely moves
      reorder_point_by_level: null,
      status: "critical",
      status_reason: "covered by open orders of 3.0 units arriving by 2026-12-05",
    });
    expect(screen.getByTestId("rop-formula").textContent).toBe(
      "Peça crítica parada (criticidade A): 2 un. nos últimos 730 dias e a previsão não estoca nada no prazo. " +
        "Ponto de pedido de seguro = quantil de Poisson de 99% da taxa de longo prazo (0,0027 un./dia) em 47 dias " +
        "(prazo + revisão) = 1,00 un.",
    );
    expect(screen.getByTestId("s-formula").textContent).toContain("S = ROP + ⌊d × R⌋ = 1,00 + ⌊0,00 × 7⌋ = 1,00");
    expect(screen.getByTestId("status-reason").textContent).toBe(
      "Motivo: coberto por pedidos em aberto de 3 un. com chegada até 05/12/2026",
    );
    expect(container.textContent).not.toMatch(ENGLISH);
  });

  it("says why the normal formula, and never shows a sentence it does not know", () => {
    explain({
      ...ROW,
      rop_method: "normal_fallback",
      rop_reason: "no forecast distribution in the current ML export: normal formula",
      status_reason: "something the pipeline says that this page does not know",
    });
    expect(screen.getByTestId("rop-reason").textContent).toBe(
      "A exportação atual do ML não tem distribuição da previsão: fórmula normal.",
    );
    expect(screen.getByTestId("ss-formula").textContent).toContain("= 2,326 × √((23,20 + 7) × 0,52² + 0,40² × 2,39²) = 7,01");
    expect(screen.queryByTestId("status-reason")).toBeNull();
  });

  it("reads the same in English", () => {
    explain(DISTRIBUTION, "en");
    expect(screen.getByTestId("rop-formula").textContent).toContain(
      "Reorder point = 95% quantile of demand over the lead time plus 7 review days (forecast distribution, 5 observed lead times between 30 and 45 days)",
    );
    expect(screen.getByTestId("status-reason").textContent).toBe(
      "Reason: inventory position 4 ≤ reorder point 5: order 6 units up to 5.7",
    );
  });
});

describe("ServiceLevelWhatIf of the distribution method", () => {
  it("steps over the exported levels and reads the reorder point at each", () => {
    render(
      <I18nProvider locale="pt-BR">
        <ServiceLevelWhatIf row={DISTRIBUTION} unitCode="UN" />
      </I18nProvider>,
    );
    const slider = screen.getByRole("slider");
    expect(slider.getAttribute("max")).toBe("10");
    expect(slider.getAttribute("step")).toBe("1");
    // today's level: the snapshot's own numbers
    expect(screen.getByTestId("what-if-level").textContent).toBe("95%");
    expect(screen.getByTestId("what-if-rop").textContent).toBe("5,00");
    expect(screen.getByTestId("what-if-ss").textContent).toBe("1,10");
    expect(screen.getByTestId("what-if-s").textContent).toBe("5,70");
    expect(screen.getByTestId("what-if-qty").textContent).toBe("6 un.");
    expect(screen.queryByTestId("what-if-z")).toBeNull();
    // 99%: ROP 8, S 8 + 0.7, SS 8 - 3.2 - 0.7, order 8.7 - 4 -> 5 -> the moq 6, 3 units more stock
    fireEvent.change(slider, { target: { value: "9" } });
    expect(screen.getByTestId("what-if-level").textContent).toBe("99%");
    expect(screen.getByTestId("what-if-rop").textContent).toBe("8,00");
    expect(screen.getByTestId("what-if-ss").textContent).toBe("4,10");
    expect(screen.getByTestId("what-if-s").textContent).toBe("8,70");
    expect(screen.getByTestId("what-if-qty").textContent).toBe("6 un.");
    expect(screen.getByTestId("what-if-cost").textContent?.replace(/\u00a0/g, " ")).toBe("R$ 300,00 (3,00 un.)");
    // 92.5%: ROP 5 = IP 4 + 1, still ordering up to the moq
    fireEvent.change(slider, { target: { value: "3" } });
    expect(screen.getByTestId("what-if-level").textContent).toBe("92,5%");
    // 80%: IP 4 above ROP 3, nothing to order
    fireEvent.change(slider, { target: { value: "0" } });
    expect(screen.getByTestId("what-if-rop").textContent).toBe("3,00");
    expect(screen.getByTestId("what-if-qty").textContent).toBe("0 un.");
    expect(screen.getByTestId("what-if-cost").textContent?.replace(/\u00a0/g, " ")).toBe("-R$ 200,00 (-2,00 un.)");
  });

  it("keeps the normal formula without the exported grid", () => {
    render(
      <I18nProvider locale="pt-BR">
        <ServiceLevelWhatIf row={{ ...DISTRIBUTION, reorder_point_by_level: null }} />
      </I18nProvider>,
    );
    expect(screen.getByRole("slider").getAttribute("step")).toBe("0.001");
    expect(screen.getByTestId("what-if-z").textContent).toBe("1,645");
  });
});

describe("the chart's interval method", () => {
  it("is named for planners in both languages", () => {
    for (const locale of ["pt-BR", "en"] as const) {
      const { label } = makeI18n(locale);
      for (const method of ["daily", "distribution", "sum_of_daily_bounds"]) {
        expect(label("im_", method)).not.toContain("_");
        expect(label("im_", method)).not.toBe(method);
      }
    }
    expect(makeI18n("pt-BR").label("im_", "distribution")).toBe("faixas que contêm o total do período com ao menos 80% e 95% de probabilidade");
  });
});
