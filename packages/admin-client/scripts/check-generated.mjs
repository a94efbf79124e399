// Drift check for the generated files, run by `pnpm check:generated` (and in CI): each file
// against a generation from the working spec and, committed, from the committed spec, with the
// same functions as `pnpm generate` (the comparisons are explained in ./drift.mjs).
import { checkDrift } from "./drift.mjs";
import { outputs } from "./generate.mjs";

const HOW_TO_FIX =
  "The generated files are never edited by hand: run `pnpm generate` in packages/admin-client " +
  "(or `pnpm generate` at the root) and commit the generated files with the spec.";

await checkDrift(
  outputs.map(({ url, spec, render }) => ({
    url,
    specs: [spec],
    render: ([specText]) => render(specText),
  })),
  HOW_TO_FIX,
);
