// Bundles the extension (client/src/extension.ts and vscode-languageclient) into out/extension.js with esbuild.
//   node client/scripts/bundle.mjs [--watch] [--production]
import * as esbuild from "esbuild";

const watch = process.argv.includes("--watch");
const production = process.argv.includes("--production");
const options = {
    entryPoints: ["client/src/extension.ts"],
    bundle: true,
    outfile: "out/extension.js",
    external: ["vscode"],
    format: "cjs",
    platform: "node",
    target: "node20",
    sourcemap: !production,
    minify: production,
    logLevel: "info",
};
if (watch) {
    const c = await esbuild.context(options);
    await c.watch();
} else {
    await esbuild.build(options);
}
