// ESLint (flat config): TypeScript parsed by typescript-eslint; the one architectural rule is
// that a feature never imports another (eslint/no-cross-feature-imports.js). `npm test` runs it.
import tseslint from "typescript-eslint";
import local from "./eslint/no-cross-feature-imports.js";

export default [
  { ignores: ["dist/**", "node_modules/**", "src/api/schema.d.ts"] },
  {
    files: ["src/**/*.{ts,tsx}"],
    languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } },
    plugins: { local, "@typescript-eslint": tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "local/no-cross-feature-imports": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-debugger": "error",
    },
  },
];
