// Compiles the vscode-free modules to plain ES modules for `node --test` (test/*.test.mjs).
import { build } from "esbuild";

await build({
  entryPoints: { server: "src/server.ts", environment: "src/environment.ts" },
  outdir: "out-test",
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node18",
  external: ["vscode"],
  logLevel: "warning",
});
