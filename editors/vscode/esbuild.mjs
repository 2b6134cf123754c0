// Bundles the extension and vscode-languageclient into one CommonJS file, dist/extension.js.
// `--production` minifies and drops source maps (what the .vsix ships); `--watch` rebuilds.
import { rmSync } from "node:fs";

import * as esbuild from "esbuild";

const production = process.argv.includes("--production");
const watch = process.argv.includes("--watch");

const options = {
  entryPoints: ["src/extension.ts"],
  outfile: "dist/extension.js",
  bundle: true,
  format: "cjs",
  platform: "node",
  // VS Code 1.82 (engines.vscode) runs extensions on Node.js 18
  target: "node18",
  external: ["vscode"],
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: "info",
};

rmSync("dist", { recursive: true, force: true }); // no stale source map in the .vsix

if (watch) {
  const context = await esbuild.context(options);
  await context.watch();
} else {
  await esbuild.build(options);
}
