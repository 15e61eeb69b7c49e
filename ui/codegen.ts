import type { CodegenConfig } from "@graphql-codegen/cli";

// Typed operations from the checked-in schema; `npm run codegen:check` fails when src/gql drifts.
// documentMode "string" keeps the graphql runtime out of the bundle: documents are plain strings
// carrying their result and variable types (TypedDocumentString).
const config: CodegenConfig = {
  schema: "../schema.graphql",
  documents: ["src/**/*.{ts,tsx}", "!src/gql/**/*"],
  ignoreNoDocuments: false,
  generates: {
    "./src/gql/": {
      preset: "client",
      config: {
        documentMode: "string",
        enumsAsTypes: true,
        useTypeImports: true,
        strictScalars: true,
        scalars: {
          DateTime: "string",
          JSON: "unknown",
          BigInt: "number",
        },
      },
      presetConfig: {
        fragmentMasking: false,
      },
    },
  },
};

export default config;
