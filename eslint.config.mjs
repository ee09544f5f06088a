// ESLint (flat config): Next's rules (React, hooks, Core Web Vitals), typescript-eslint's
// type-aware recommended rules, jsx-a11y's recommended rules, and the layering of the code:
// app/ reaches data only through lib/ verbs, client code never imports server-only modules.
// Formatting is Prettier's job (eslint-config-prettier turns the overlapping rules off).
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import prettier from "eslint-config-prettier";
import jsxA11y from "eslint-plugin-jsx-a11y";
import tseslint from "typescript-eslint";
import noServerImport from "./eslint/no-server-import.mjs";

const databaseImports = {
  patterns: [
    {
      group: ["@/lib/db", "@/lib/db/*", "@prisma/client", "@prisma/client/*"],
      message: "app/ reads and writes data through lib/ verbs that check the role (see docs/CONTRIBUTING.md).",
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      "lib/db/generated/**",
      "test-results/**",
      "playwright-report/**",
      ".test-data/**",
      ".data/**",
      "next-env.d.ts",
    ],
  },
  ...nextVitals,
  ...nextTypescript,
  {
    files: ["**/*.{ts,tsx,mts,cts}"],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    // `const { secret: _, ...rest } = row` is how a field is left out of a copy.
    rules: { "@typescript-eslint/no-unused-vars": ["error", { ignoreRestSiblings: true }] },
  },
  { files: ["**/*.{tsx,jsx}"], rules: jsxA11y.flatConfigs.recommended.rules },
  { plugins: { recall: { rules: { "no-server-import": noServerImport } } }, rules: { "recall/no-server-import": "error" } },
  { files: ["app/**/*.{ts,tsx}"], rules: { "no-restricted-imports": ["error", databaseImports] } },
  prettier,
);
