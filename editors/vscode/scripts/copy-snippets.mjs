// Merges the repository's snippets (../../snippets/*.json, VS Code snippet format) into
// snippets/convex.json, the single file package.json contributes for typescript and typescriptreact.
// No snippet files (or no folder) gives an empty `{}` so the extension still packages and loads.
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const source = resolve(here, "../../../snippets");
const target = resolve(here, "../snippets/convex.json");

// Snippet files may contain // comments (VS Code accepts JSONC); strip them outside strings.
function parseJsonc(text, file) {
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === "\\") out += text[++i] ?? "";
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
      out += "\n";
    } else if (c === "/" && text[i + 1] === "*") {
      i = text.indexOf("*/", i + 2);
      if (i < 0) throw new Error(`${file}: unterminated comment`);
      i++;
    } else {
      out += c;
    }
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, "$1"));
}

const files = existsSync(source) ? readdirSync(source).filter((f) => f.endsWith(".json")).sort() : [];
const merged = {};
for (const file of files) {
  const path = join(source, file);
  let data;
  try {
    data = parseJsonc(readFileSync(path, "utf8"), path);
  } catch (err) {
    console.error(`copy-snippets: ${path}: ${err.message}`);
    process.exit(1);
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    console.error(`copy-snippets: ${path}: expected an object of snippets`);
    process.exit(1);
  }
  for (const [name, snippet] of Object.entries(data)) {
    if (name in merged) {
      console.error(`copy-snippets: duplicate snippet name '${name}' in ${file}`);
      process.exit(1);
    }
    merged[name] = snippet;
  }
}
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, JSON.stringify(merged, null, 2) + "\n");
console.log(`copy-snippets: ${Object.keys(merged).length} snippet(s) from ${files.length} file(s) -> snippets/convex.json`);
