// Drives code-server (a real VS Code) with playwright-core and checks the Convex LSP extension end to end.
// Started by .ci/vscode-e2e.sh, which installs the tools, builds the .vsix, starts code-server and sets:
//   CODE_SERVER_URL      http://127.0.0.1:<port>
//   WORKSPACE            the copy of editors/vscode/test-fixture that code-server opened
//   ARTIFACTS            folder for screenshots (NN-<step>.png)
//   PLAYWRIGHT_CORE_DIR  .../node_modules/playwright-core
//   CHROMIUM             a chromium binary (Debian's /usr/bin/chromium)
//   USER_DATA_DIR        code-server's user data dir (the extension's log is copied from it on failure)
//   CONVEX_LSP_E2E_OPEN_ONLY=1  stop after the "file opened, extension active" step
// Checks: (a) the unknown-table diagnostic in the Problems panel at the right line and UTF-16 column,
// (c) Ctrl+. offers "Replace with 'users'" and applying it fixes the text, (b) typing ctx.db.query("
// offers the table names. Exit code 0 only when every check passed.
import { mkdirSync, readFileSync, readdirSync, statSync, copyFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const env = (name, fallback) => {
  const v = process.env[name] ?? fallback;
  if (v === undefined) throw new Error(`environment variable ${name} is required`);
  return v;
};
const URL_BASE = env("CODE_SERVER_URL");
const WORKSPACE = env("WORKSPACE");
const ARTIFACTS = env("ARTIFACTS");
const CHROMIUM = env("CHROMIUM", "/usr/bin/chromium");
const USER_DATA_DIR = process.env.USER_DATA_DIR;
const OPEN_ONLY = process.env.CONVEX_LSP_E2E_OPEN_ONLY === "1";
const require = createRequire(join(env("PLAYWRIGHT_CORE_DIR"), "package.json"));
const { chromium } = require("playwright-core");

const FILE = "convex/messages.ts";
const STARTED = Date.now();
mkdirSync(ARTIFACTS, { recursive: true });

const log = (msg) => console.log(`[run.mjs ${((Date.now() - STARTED) / 1000).toFixed(1).padStart(5)}s] ${msg}`);

class CheckFailed extends Error {}
const fail = (msg) => {
  throw new CheckFailed(msg);
};

// ---- expectations from the fixture ---------------------------------------------------------------
const source = readFileSync(join(WORKSPACE, FILE), "utf8");
const lines = source.split("\n");
const diagLineIdx = lines.findIndex((l) => l.includes('db.query("userz")'));
if (diagLineIdx < 0) throw new Error(`${FILE} has no ctx.db.query("userz") line`);
const diagLine = lines[diagLineIdx];
// JS string indices are UTF-16 code units, which is what VS Code's columns count.
const quoteIdx = diagLine.indexOf('"userz"');
const expected = {
  line: diagLineIdx + 1,
  // The range may start at the name or at its opening quote; both are UTF-16 columns (1-based).
  columns: [quoteIdx + 2, quoteIdx + 1],
  utf8Column: Buffer.byteLength(diagLine.slice(0, quoteIdx + 1), "utf8") + 1,
  codePointColumn: [...diagLine.slice(0, quoteIdx + 1)].length + 1,
};
if (!/\p{Extended_Pictographic}/u.test(diagLine.slice(0, quoteIdx))) {
  throw new Error(`${FILE}:${expected.line} should have an emoji before "userz" (the UTF-16 column check needs it)`);
}
const completionLineIdx = lines.findIndex((l) => l.includes("e2e: completion line"));
if (completionLineIdx < 0) throw new Error(`${FILE} has no "e2e: completion line" marker`);

// ---- helpers ---------------------------------------------------------------------------------------
let page;
let shot = 0;
async function screenshot(name) {
  shot += 1;
  const file = join(ARTIFACTS, `${String(shot).padStart(2, "0")}-${name}.png`);
  try {
    await page.screenshot({ path: file });
    log(`screenshot ${file}`);
  } catch (err) {
    log(`screenshot ${file} failed: ${err.message}`);
  }
}

async function step(name, fn) {
  log(`▶ ${name}`);
  try {
    const result = await fn();
    await screenshot(name);
    log(`✔ ${name}`);
    return result;
  } catch (err) {
    await screenshot(`${name}-FAILED`);
    throw err;
  }
}

async function waitForHttp(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = err.cause?.code ?? err.message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  fail(`code-server did not answer ${url} within ${timeoutMs / 1000} s (${last})`);
}

/** Polls fn() until it returns a truthy value; returns it, or fails with message(). */
async function poll(fn, timeoutMs, message, intervalMs = 250) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) fail(typeof message === "function" ? await message(last) : message);
    await page.waitForTimeout(intervalMs);
  }
}

const editorSelector = ".part.editor .editor-group-container.active .monaco-editor";

/** The visible text of the active editor, line by line (monaco renders lines absolutely positioned). */
async function editorLines() {
  return page.locator(`${editorSelector} .view-lines`).first().evaluate((el) =>
    [...el.querySelectorAll(":scope > .view-line")]
      .map((l) => ({ top: parseFloat(l.style.top || "0"), text: (l.textContent ?? "").replace(/\u00a0/g, " ") }))
      .sort((a, b) => a.top - b.top)
      .map((l) => l.text),
  );
}

async function focusEditor() {
  await page.locator(`${editorSelector} .view-lines`).first().click({ position: { x: 5, y: 5 } });
}

/** Runs a command palette entry by its title. */
async function runCommand(title) {
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input").first();
  await input.waitFor({ state: "visible", timeout: 10_000 });
  await input.fill(`>${title}`);
  const row = page.locator(".quick-input-widget .monaco-list-row", { hasText: title }).first();
  await row.waitFor({ state: "visible", timeout: 10_000 });
  await page.keyboard.press("Enter");
}

/** Moves the cursor with quick open's `:line:column` (1-based, UTF-16 columns). */
async function goTo(line, column) {
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input").first();
  await input.waitFor({ state: "visible", timeout: 10_000 });
  await input.fill(`:${line}:${column}`);
  await page.waitForTimeout(200);
  await page.keyboard.press("Enter");
  await input.waitFor({ state: "hidden", timeout: 5_000 });
}

async function markerRows() {
  return page.locator(".markers-panel .monaco-list-row").evaluateAll((rows) =>
    rows.map((r) => ({ text: (r.textContent ?? "").replace(/\s+/g, " ").trim(), label: r.getAttribute("aria-label") ?? "" })),
  );
}

function extensionLogFiles() {
  if (!USER_DATA_DIR) return [];
  const found = [];
  const walk = (dir) => {
    let entries = [];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(dir, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (e === "Convex LSP.log") found.push(p);
    }
  };
  walk(join(USER_DATA_DIR, "logs"));
  return found.sort();
}

function readExtensionLogs() {
  return extensionLogFiles()
    .map((p) => readFileSync(p, "utf8"))
    .join("\n");
}

function copyExtensionLog() {
  const found = extensionLogFiles();
  found.forEach((p, i) => {
    const dest = join(ARTIFACTS, found.length > 1 ? `convex-lsp-output-${i + 1}.log` : "convex-lsp-output.log");
    copyFileSync(p, dest);
    log(`extension log copied to ${dest}`);
  });
}

// ---- the run ---------------------------------------------------------------------------------------
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
  ],
});
let exitCode = 0;
try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(20_000);

  await step("open-file", async () => {
    await waitForHttp(`${URL_BASE}/healthz`, 60_000);
    await page.goto(`${URL_BASE}/?folder=${encodeURIComponent(WORKSPACE)}`);
    await page.locator(".monaco-workbench").waitFor({ timeout: 60_000 });
    const explorerRow = (name) => page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"]`).first();
    await explorerRow("convex").waitFor({ timeout: 60_000 });
    // Double-click in the Explorer: Ctrl+P would type into whatever has focus (the Chat box at start-up).
    if ((await explorerRow("convex").getAttribute("aria-expanded")) !== "true") await explorerRow("convex").click();
    await explorerRow("messages.ts").dblclick();
    await page.locator(".tabs-container .tab.active", { hasText: "messages.ts" }).waitFor();
    await poll(async () => (await editorLines()).some((l) => l.includes('query("userz")')), 20_000, "messages.ts did not show in the editor");
  });

  await step("extension-active", async () => {
    // The output channel is written to <user-data>/logs/<session>/exthost*/convex-lsp.convex-lsp/Convex LSP.log;
    // read it there (the panel only renders the lines in view) and show the top of it for the screenshot.
    const discovery = await poll(
      () => {
        const text = readExtensionLogs();
        // Open-only runs may have no working server: any discovery result proves the extension is active.
        const wanted = OPEN_ONLY ? /\[4\/4\]|: using / : /convexLsp\.server\.interpreter: using .* -m convex_lsp\.server/;
        return wanted.test(text) ? text : null;
      },
      30_000,
      () => `the Convex LSP output channel does not show the server found through convexLsp.server.interpreter; log so far:\n${readExtensionLogs() || "(no log: is the extension active?)"}`,
    );
    for (const line of discovery.split("\n").filter((l) => /\[\d\/4\]|starting: /.test(l))) log(`  extension: ${line.trim()}`);
    await runCommand("Convex LSP: Show Logs");
    const output = page.locator(".part.panel .monaco-editor").first();
    await output.waitFor({ timeout: 20_000 });
    await output.click();
    await page.keyboard.press("Control+Home");
    await poll(async () => ((await output.textContent()) ?? "").replace(/\u00a0/g, " ").includes("Looking for the convex-lsp server"), 10_000,
      "the Output panel does not show the Convex LSP channel");
  });
  if (!OPEN_ONLY) {
    await step("language-status", async () => {
      // The LanguageStatusItem from src/status.ts, shown in the hover of the "{ }" status bar entry.
      await focusEditor();
      const entry = page.locator('[id="status.languageStatus"]').first();
      await entry.waitFor({ timeout: 20_000 });
      const hover = page.locator(".monaco-hover, .context-view", { hasText: "Convex:" }).first();
      const notUp = /Convex: (starting|stopped|not found|disabled)/;
      let lastSeen = "";
      const text = await poll(
        async () => {
          // The hover does not re-render while open: close and reopen it until the server is up.
          if (await hover.isVisible()) await page.keyboard.press("Escape");
          await entry.click();
          await page.waitForTimeout(400);
          if (!(await hover.isVisible())) return null;
          lastSeen = ((await hover.textContent()) ?? "").replace(/\s+/g, " ");
          return notUp.test(lastSeen) ? null : lastSeen;
        },
        30_000,
        async () =>
          lastSeen
            ? `the Convex language status item did not reach a running state: ${lastSeen}`
            : `no "Convex:" language status item; status bar: ${JSON.stringify(
                await page.locator(".statusbar-item").evaluateAll((els) => els.map((e) => e.id + "=" + (e.textContent ?? "").trim())),
              )}`,
        1_000,
      );
      log(`language status: ${text.slice(text.indexOf("Convex:"), text.indexOf("Convex:") + 120)}`);
    });
    await page.keyboard.press("Escape");
  }

  if (OPEN_ONLY) {
    log("CONVEX_LSP_E2E_OPEN_ONLY=1: stopping after the open-file / extension-active checks");
  } else {
    // (a) the diagnostic, at the right line and UTF-16 column.
    await step("problems-diagnostic", async () => {
      await focusEditor();
      await page.keyboard.press("Control+Shift+M");
      await page.locator(".markers-panel").first().waitFor({ timeout: 20_000 });
      const row = await poll(
        async () => (await markerRows()).find((r) => r.text.includes("Unknown table 'userz'") || r.label.includes("Unknown table 'userz'")),
        90_000,
        async () => `no "Unknown table 'userz'" diagnostic in the Problems panel after 90 s; rows: ${JSON.stringify(await markerRows().catch(() => []))}`,
      );
      log(`Problems row: ${row.text}`);
      if (!row.text.includes("did you mean 'users'")) fail(`diagnostic message lacks "did you mean 'users'": ${row.text}`);
      if (!/unknown-table/.test(row.text + row.label)) fail(`diagnostic row does not show the code unknown-table: ${row.text}`);
      const m = /Ln (\d+), Col (\d+)/.exec(row.text) ?? /line (\d+)(?: and|,) (?:character|column) (\d+)/i.exec(row.label);
      if (!m) fail(`cannot read the position from the Problems row: ${row.text} | ${row.label}`);
      const [line, col] = [Number(m[1]), Number(m[2])];
      if (line !== expected.line || !expected.columns.includes(col)) {
        const hint =
          col === expected.utf8Column
            ? " (that is the UTF-8 byte column: the server did not convert to UTF-16)"
            : col === expected.codePointColumn
              ? " (that is the code-point column: the server counted UTF-32)"
              : "";
        fail(`diagnostic at Ln ${line}, Col ${col}; expected Ln ${expected.line}, Col ${expected.columns.join(" or ")}${hint}`);
      }
      log(`diagnostic position Ln ${line}, Col ${col} is the UTF-16 column (UTF-8 would be ${expected.utf8Column})`);
    });

    // (c) the quick fix.
    await step("quick-fix-menu", async () => {
      const item = page.locator(".action-widget .monaco-list-row", { hasText: "Replace with 'users'" }).first();
      // On a loaded machine the first Ctrl+. can land before the editor has focus or before VS Code has the
      // diagnostics for the range (it then shows "No code actions available" and forgets the request), so
      // ask again every few seconds until the menu shows the fix.
      let presses = 0;
      let lastPress = 0;
      await poll(
        async () => {
          if (await item.isVisible()) return true;
          if (Date.now() - lastPress > 3_000) {
            if (presses > 0) await page.keyboard.press("Escape");
            await focusEditor();
            await goTo(expected.line, expected.columns[0] + 2);
            await page.keyboard.press("Control+Period");
            presses += 1;
            lastPress = Date.now();
          }
          return false;
        },
        45_000,
        async () => {
          const rows = await page.locator(".action-widget .monaco-list-row").allTextContents().catch(() => []);
          return `Ctrl+. (pressed ${presses} times) did not offer "Replace with 'users'"; offered: ${JSON.stringify(rows)}`;
        },
      );
      log(`quick fix offered after ${presses} Ctrl+. press(es)`);
    });
    await step("quick-fix-applied", async () => {
      await page.locator(".action-widget .monaco-list-row", { hasText: "Replace with 'users'" }).first().click();
      await poll(
        async () => (await editorLines())[diagLineIdx]?.includes('ctx.db.query("users")'),
        15_000,
        async () => `the quick fix did not change line ${expected.line}: ${JSON.stringify((await editorLines())[diagLineIdx])}`,
      );
      await poll(
        async () => !(await markerRows()).some((r) => r.text.includes("Unknown table 'userz'")),
        20_000,
        "the unknown-table diagnostic is still listed after the fix",
      );
    });

    // (b) completion of table names.
    await step("completion", async () => {
      await focusEditor();
      await goTo(completionLineIdx + 1, 1);
      await page.keyboard.press("End");
      await page.keyboard.press("Enter");
      await page.keyboard.type('const q = ctx.db.query("', { delay: 30 });
      const rows = page.locator(".editor-widget.suggest-widget.visible .monaco-list-row");
      const labels = async () => rows.evaluateAll((els) => els.map((e) => e.getAttribute("aria-label") ?? e.textContent ?? ""));
      const has = (ls, name) => ls.some((l) => new RegExp(`^${name}\\b`).test(l.trim()));
      let found = await poll(async () => {
        const ls = await labels();
        return has(ls, "users") && has(ls, "messages") ? ls : null;
      }, 8_000, "").catch(() => null);
      if (!found) {
        // The trigger character may have been swallowed by auto-closing quotes; ask explicitly.
        await page.keyboard.press("Control+Space");
        found = await poll(
          async () => {
            const ls = await labels();
            return has(ls, "users") && has(ls, "messages") ? ls : null;
          },
          20_000,
          async () => `the suggest widget did not offer users and messages; it showed: ${JSON.stringify(await labels().catch(() => []))}`,
        );
      }
      log(`suggestions: ${JSON.stringify(found)}`);
    });
    await page.keyboard.press("Escape");
  }
  log("all checks passed");
} catch (err) {
  exitCode = 1;
  console.error(err instanceof CheckFailed ? `CHECK FAILED: ${err.message}` : `ERROR: ${err.stack ?? err}`);
  copyExtensionLog();
} finally {
  await browser.close().catch(() => undefined);
}
process.exit(exitCode);
