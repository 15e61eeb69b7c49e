import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y-x";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const NO_BARREL = { name: "@/gql", message: "Import from @/gql/gql or @/gql/graphql (no barrel files)." };

/** bulletproof-react: a feature never imports another feature or the app; shared code lives in components/lib/utils. */
function featureBoundary(feature) {
  return {
    files: [`src/features/${feature}/**/*.{ts,tsx}`],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [NO_BARREL],
          patterns: [
            {
              group: ["@/features/*", `!@/features/${feature}`],
              message: "Features must not import each other; compose them in src/app.",
            },
            { group: ["@/app/*"], message: "Features must not import the app layer." },
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ["dist", "src/gql", "test-results", "playwright-report"] },
  {
    extends: [js.configs.recommended, ...tseslint.configs.strict],
    files: ["**/*.{ts,tsx,js}"],
    languageOptions: {
      ecmaVersion: 2022,
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
      "no-restricted-imports": ["error", { paths: [NO_BARREL] }],
    },
  },
  {
    files: ["src/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  // jsx-a11y's maintained fork (the original declares ESLint 9 at most): its strict set over every component.
  { ...jsxA11y.configs.strict, files: ["src/**/*.tsx"] },
  // Playwright fixtures take `{}` when they need no other fixture, and call `use`, which is no React hook.
  { files: ["e2e/**/*.ts"], rules: { "no-empty-pattern": "off" } },
  ...["activity", "auth", "gallery", "live", "media-detail", "upload", "usage", "webhooks"].map(featureBoundary),
);
