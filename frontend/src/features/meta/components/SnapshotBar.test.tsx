import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { I18nProvider } from "../../../lib/i18n";
import type { Meta } from "../api/get-meta";
import { FreshnessBanner } from "./SnapshotBar";

const META: Meta = {
  snapshot_id: "20261122T142949354019Z",
  committed_at: "2026-11-22T14:29:50+00:00",
  previous: null,
  as_of_date: "2026-11-21",
  model: {
    model_version: "mv_20261122T142947Z_529ff232",
    generated_at: "2026-11-22T14:29:47Z",
    dataset_id: "ds_1",
    source: "ml_env",
  },
  freshness: { data_age_days: 1, stale: false, stale_after_days: 2 },
  run: null,
  last_run: null,
  quality: { status: "ok", checks: [] },
};

describe("FreshnessBanner", () => {
  it("names the snapshot, data date and model version in pt-BR", () => {
    render(
      <I18nProvider locale="pt-BR">
        <FreshnessBanner meta={META} />
      </I18nProvider>,
    );
    expect(screen.getByTestId("as-of-date").textContent).toBe("21/11/2026");
    expect(screen.getByTestId("snapshot-id").textContent).toBe(META.snapshot_id);
    expect(screen.getByTestId("model-version").textContent).toBe("mv_20261122T142947Z_529ff232");
    expect(screen.getByText("22/11/2026, 11:29")).toBeTruthy();
    expect(screen.queryByTestId("stale-warning")).toBeNull();
  });

  it("warns when the data is stale, and says when there is no ML forecast", () => {
    const stale = {
      ...META,
      model: { ...META.model, model_version: null },
      freshness: { data_age_days: 9, stale: true, stale_after_days: 2 },
    };
    render(
      <I18nProvider locale="pt-BR">
        <FreshnessBanner meta={stale} />
      </I18nProvider>,
    );
    expect(screen.getByRole("alert").textContent).toBe(
      "Dados desatualizados: os dados mais recentes têm 9 dias.",
    );
    expect(screen.getByTestId("model-version").textContent).toBe("sem previsão do ML");
  });
});
