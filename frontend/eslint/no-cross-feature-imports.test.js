import { Linter } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";
import plugin from "./no-cross-feature-imports.js";

const linter = new Linter({ configType: "flat", cwd: "/app" });
const config = [
  {
    files: ["**/*.ts"],
    languageOptions: { parser: tseslint.parser },
    plugins: { local: plugin },
    rules: { "local/no-cross-feature-imports": "error" },
  },
];
const lint = (code, filename) => linter.verify(code, config, { filename }).map((m) => m.message);

describe("no-cross-feature-imports", () => {
  const file = "/app/src/features/series/components/Panel.ts";

  it("refuses an import, a re-export or a lazy import from another feature", () => {
    expect(lint('import type { Row } from "../../reorder/api/get-reorder";', file)).toHaveLength(1);
    expect(lint('export { x } from "../../overview/components/x";', file)).toHaveLength(1);
    expect(lint('const m = import("../../meta/api/get-meta");', file)).toHaveLength(1);
    expect(lint('import { x } from "../../reorder/api/get-reorder";', file)[0]).toContain("features/series imports features/reorder");
  });

  it("allows the feature's own files, the shared folders and packages", () => {
    expect(lint('import { a } from "../api/get-series";', file)).toEqual([]);
    expect(lint('import { b } from "../../../api/types";', file)).toEqual([]);
    expect(lint('import { c } from "../../../lib/i18n";', file)).toEqual([]);
    expect(lint('import { useQuery } from "@tanstack/react-query";', file)).toEqual([]);
  });

  it("lets routes combine features", () => {
    expect(lint('import { x } from "../features/reorder/api/get-reorder";', "/app/src/routes/overview.ts")).toEqual([]);
  });
});
