import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { I18nProvider } from "../../../lib/i18n";
import { categoriesQueryOptions } from "../api/get-categories";
import { warehousesQueryOptions } from "../../../api/warehouses";
import { ReorderFilters } from "./ReorderFilters";

// No API runs under Vitest: the two answers are put in the query cache as the API gives them
// (staleTime Infinity, so nothing is fetched); the e2e test checks the real /categories.
function renderWithAnswers(categories: string[]) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  client.setQueryData(categoriesQueryOptions().queryKey, {
    snapshot_id: "snap_1",
    count: categories.length,
    data: categories.map((category, i) => ({ category, items: 10 + i, series: 30 + i })),
  });
  client.setQueryData(warehousesQueryOptions().queryKey, { snapshot_id: "snap_1", count: 0, data: [] });
  render(
    <QueryClientProvider client={client}>
      <I18nProvider locale="pt-BR">
        <ReorderFilters filters={{ category: "Energia" }} onChange={() => {}} />
      </I18nProvider>
    </QueryClientProvider>,
  );
}

describe("ReorderFilters", () => {
  it("lists every category of /categories, and keeps the chosen one", () => {
    const categories = Array.from({ length: 40 }, (_, i) => `Categoria ${String(i).padStart(2, "0")}`);
    renderWithAnswers(["Energia", ...categories]);
    const select = screen.getByRole("combobox", { name: "Categoria" }) as HTMLSelectElement;
    const options = within(select).getAllByRole("option").map((o) => (o as HTMLOptionElement).value);
    expect(options).toEqual(["", "Energia", ...categories]);
    expect(select.value).toBe("Energia");
  });
});
