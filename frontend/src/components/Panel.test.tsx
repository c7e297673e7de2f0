import { render, screen } from "@testing-library/react";
import type { UseQueryResult } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { I18nProvider } from "../lib/i18n";
import { Panel, QueryState } from "./Panel";

const query = (state: Partial<UseQueryResult<number[]>>) =>
  ({ isPending: false, isError: false, refetch: async () => ({}), ...state }) as UseQueryResult<number[]>;

function Boom(): never {
  throw new Error("chart exploded");
}

describe("every panel has its own states", () => {
  it("shows a loading skeleton, an error with retry, an empty state, then the data", () => {
    const view = (q: UseQueryResult<number[]>) => (
      <I18nProvider locale="pt-BR">
        <Panel title="Painel">
          <QueryState query={q} isEmpty={(d) => d.length === 0}>
            {(d) => <p>{d.length} linhas</p>}
          </QueryState>
        </Panel>
      </I18nProvider>
    );
    const { rerender } = render(view(query({ isPending: true })));
    expect(screen.getByTestId("skeleton")).toBeTruthy();
    rerender(view(query({ isError: true, error: new Error("unknown item '9'") })));
    expect(screen.getByRole("alert").textContent).toContain("unknown item '9'");
    expect(screen.getByRole("button", { name: "Tentar de novo" })).toBeTruthy();
    rerender(view(query({ data: [] })));
    expect(screen.getByText("Nada para mostrar.")).toBeTruthy();
    rerender(view(query({ data: [1, 2] })));
    expect(screen.getByText("2 linhas")).toBeTruthy();
  });

  it("keeps a render error inside its panel", () => {
    const quiet = console.error;
    console.error = () => {};
    render(
      <I18nProvider locale="en">
        <Panel title="Chart">
          <Boom />
        </Panel>
        <Panel title="Other">
          <p>still here</p>
        </Panel>
      </I18nProvider>,
    );
    console.error = quiet;
    expect(screen.getByRole("alert").textContent).toContain("chart exploded");
    expect(screen.getByText("still here")).toBeTruthy();
  });
});
