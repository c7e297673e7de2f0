import { describe, expect, it } from "vitest";
import { reorderCsvUrl } from "./reorder-csv";

describe("reorderCsvUrl", () => {
  it("exports the filtered list, every page, for Excel pt-BR", () => {
    const url = reorderCsvUrl({
      warehouse_id: "CD-SP01",
      status: "stockout,critical",
      q: "antena 5G",
      category: undefined,
      sort: "priority",
      limit: 25,
      offset: 50,
    });
    const [path, query] = url.split("?");
    expect(path).toBe("/api/v1/reorder.csv");
    const params = new URLSearchParams(query);
    expect(Object.fromEntries(params)).toEqual({
      warehouse_id: "CD-SP01",
      status: "stockout,critical",
      q: "antena 5G",
      sort: "priority",
      excel: "true",
    });
  });
});
