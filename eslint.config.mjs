import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: ["lib/generated/**", ".next/**", ".data/**", "node_modules/**", "next-env.d.ts"],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // One clock (lib/clock.ts, docs/testing.md): tests can pin it, and no code reads the time
    // behind their back. Elapsed time: performance.now().
    files: ["lib/**/*.{ts,tsx}", "app/**/*.{ts,tsx}"],
    ignores: ["lib/clock.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "Use clock.now() from lib/clock.ts." },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: "Use clock.ms() from lib/clock.ts, or performance.now() for elapsed time." },
      ],
    },
  },
];

export default config;
