import { describe, expect, it } from "vitest";
import { arrivalWindow, earliestOrderBy } from "./proposals";

describe("the purchase proposal's dates", () => {
  it("keeps the earliest order-by date of all suppliers", () => {
    const groups = [{ earliest_order_by_date: "2026-12-03" }, { earliest_order_by_date: null }, { earliest_order_by_date: "2026-11-30" }];
    expect(earliestOrderBy(groups)).toBe("2026-11-30");
    expect(earliestOrderBy([])).toBeNull();
  });

  it("shows one arrival date, or the window from the first to the last", () => {
    const date = (d: string | null) => d ?? "—";
    expect(arrivalWindow({ first_expected_arrival_date: "2026-12-20", last_expected_arrival_date: "2026-12-20" }, date)).toBe("2026-12-20");
    expect(arrivalWindow({ first_expected_arrival_date: "2026-12-20", last_expected_arrival_date: "2027-01-05" }, date)).toBe(
      "2026-12-20 – 2027-01-05",
    );
    expect(arrivalWindow({ first_expected_arrival_date: null, last_expected_arrival_date: null }, date)).toBe("—");
  });
});
