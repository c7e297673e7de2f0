import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { I18nProvider } from "../../../lib/i18n";
import { SeriesAccuracy, verdictAgainstNaive, type SeriesAccuracyRow } from "./SeriesAccuracy";

const BACKTEST: SeriesAccuracyRow = {
  source: "backtest",
  model: "adida",
  demand_class: "intermittent",
  n_points: 1260,
  rmsse: 0.8123456,
  rmsse_snaive: 1.0456,
  mae: 0.21,
  rmse: 0.52,
  wape: 1.1234,
  bias: -0.0345,
  coverage80: 0.8571,
  coverage95: 0.9603,
  first_date: null,
  last_date: null,
};

const LIVE: SeriesAccuracyRow = {
  ...BACKTEST,
  source: "live",
  n_points: 28,
  rmsse: null,
  rmsse_snaive: null,
  wape: 0.95,
  bias: 0.125,
  coverage80: 0.75,
  coverage95: 1,
  first_date: "2026-10-25",
  last_date: "2026-11-21",
};

const text = (id: string) => screen.getByTestId(id).textContent?.replace(/\u00a0/g, " ");

describe("SeriesAccuracy", () => {
  it("shows the series' backtest RMSSE against the seasonal naive's, and live, in pt-BR", () => {
    render(
      <I18nProvider locale="pt-BR">
        <SeriesAccuracy rows={[BACKTEST, LIVE]} />
      </I18nProvider>,
    );
    expect(text("accuracy-rmsse")).toBe("0,812");
    expect(text("accuracy-rmsse-naive")).toBe("1,046");
    expect(text("accuracy-verdict")).toBe("Melhor que a ingênua sazonal");
    expect(screen.getByText("RMSSE de ADIDA (agregação temporal)")).toBeTruthy();
    expect(text("backtest-wape")).toBe("112,3%");
    expect(text("backtest-bias")).toBe("-0,03 un./dia");
    expect(text("backtest-coverage80")).toBe("85,7%");
    expect(text("backtest-coverage95")).toBe("96%");
    expect(text("backtest-n_points")).toBe("1.260");
    expect(text("live-dates")).toBe("De 25/10/2026 a 21/11/2026");
    expect(text("live-wape")).toBe("95%");
    expect(text("live-bias")).toBe("0,13 un./dia");
    expect(text("live-coverage95")).toBe("100%");
    expect(text("live-n_points")).toBe("28");
    // each part is a labelled region a screen reader can jump to
    expect(screen.getByRole("region", { name: "Backtest · ADIDA (agregação temporal)" })).toBeTruthy();
    expect(screen.getByRole("region", { name: "Em produção" })).toBeTruthy();
  });

  it("says plainly, in English, when the model is worse than the naive and there is no live row", () => {
    render(
      <I18nProvider locale="en">
        <SeriesAccuracy rows={[{ ...BACKTEST, rmsse: 1.2, rmsse_snaive: 0.95 }]} />
      </I18nProvider>,
    );
    expect(text("accuracy-rmsse")).toBe("1.200");
    expect(text("accuracy-rmsse-naive")).toBe("0.950");
    expect(text("accuracy-verdict")).toBe("Worse than the seasonal naive");
    expect(screen.getByText("No observed days since the forecast yet.")).toBeTruthy();
    expect(screen.queryByTestId("live-dates")).toBeNull();
  });

  it("shows an empty state when the series has no forecast", () => {
    render(
      <I18nProvider locale="pt-BR">
        <SeriesAccuracy rows={[]} />
      </I18nProvider>,
    );
    expect(screen.getByText(/não tem previsão do ML/)).toBeTruthy();
    expect(screen.queryByTestId("series-accuracy")).toBeNull();
  });

  it("compares with the naive only when both numbers exist", () => {
    expect(verdictAgainstNaive(0.5, 0.9)).toBe("naiveBetter");
    expect(verdictAgainstNaive(0.9, 0.5)).toBe("naiveWorse");
    expect(verdictAgainstNaive(0.9, 0.9)).toBe("naiveSame");
    expect(verdictAgainstNaive(0.9, null)).toBe("naiveUnknown");
    expect(verdictAgainstNaive(null, 0.9)).toBe("naiveUnknown");
  });
});
