// Reports the gzipped size of the JavaScript the browser loads before first render: the entry
// script(s) and modulepreloads named in dist/index.html. Budget: 150 KB (reported, not enforced).
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const BUDGET_KB = 150;
const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "dist");
const html = readFileSync(path.join(dist, "index.html"), "utf8");
const scripts = [
  ...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g),
  ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g),
].map((match) => match[1]);

let total = 0;
for (const src of [...new Set(scripts)]) {
  const bytes = readFileSync(path.join(dist, src.replace(/^\//, "")));
  const gz = gzipSync(bytes, { level: 9 }).length;
  total += gz;
  console.log(`  ${src}  ${(bytes.length / 1024).toFixed(1)} KB raw, ${(gz / 1024).toFixed(1)} KB gzip`);
}
const verdict = total / 1024 <= BUDGET_KB ? "within" : "OVER";
console.log(`initial JS: ${(total / 1024).toFixed(1)} KB gzipped (${verdict} the ${BUDGET_KB} KB budget)`);
