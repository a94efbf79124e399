/** Programmatic entry of the CLI (used by tests and the bin). */
export { main } from "./main.js";
export { buildProgram } from "./program.js";
