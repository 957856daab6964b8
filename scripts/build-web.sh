#!/usr/bin/env bash
# Builds the web page into dist/ (release, wasm-opt -Oz):
#  1. the code editor (CodeMirror 6, web/editor/) bundled by esbuild into one
#     ES module, which Trunk copies with a content hash;
#  2. the page's wasm and the analysis worker's wasm (Trunk);
#  3. the worker's files renamed with a content hash and a loader that
#     reports a failed load to the page, named in <meta name="tfgrade-worker">;
#  4. a Content-Security-Policy whose script-src allows Trunk's inline
#     loader by hash, not 'unsafe-inline'.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env-wasm.sh
esbuild web/editor/main.js --bundle --format=esm --minify --target=es2022 \
  --legal-comments=none --log-level=warning --outfile=target/web-editor/tfgrade-editor.js
trunk build --release "$@"
node --input-type=module - dist <<'JS'
import { readFileSync, writeFileSync, renameSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
const dist = process.argv[2];
const file = join(dist, 'index.html');
let html = readFileSync(file, 'utf8');

// Content-hashed worker files: a cached old worker can never pair with a new page.
const js = readFileSync(join(dist, 'tfgrade-worker.js'));
const wasm = readFileSync(join(dist, 'tfgrade-worker_bg.wasm'));
const hash = createHash('sha256').update(js).update(wasm).digest('hex').slice(0, 16);
const name = `tfgrade-worker-${hash}`;
renameSync(join(dist, 'tfgrade-worker.js'), join(dist, `${name}.js`));
renameSync(join(dist, 'tfgrade-worker_bg.wasm'), join(dist, `${name}_bg.wasm`));
rmSync(join(dist, 'tfgrade-worker_loader.js'), { force: true });
const loader = `// Loads the analysis worker; a file that does not load is reported to the page.
try { importScripts('./${name}.js'); } catch (e) { postMessage(['failed', 'the worker script did not load']); throw e; }
wasm_bindgen({ module_or_path: './${name}_bg.wasm' }).catch((e) => postMessage(['failed', 'the worker wasm did not load: ' + ((e && e.message) || e)]));
`;
writeFileSync(join(dist, `${name}_loader.js`), loader);
if (!html.includes('</head>')) throw new Error('no </head> in index.html');
html = html.replace('</head>', `<meta name="tfgrade-worker" content="./${name}_loader.js"></head>`);

const hashes = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)]
  .filter((m) => !/\bsrc=/.test(m[0]) && m[1].trim() !== '')
  .map((m) => `'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`);
const csp = /(<meta http-equiv="Content-Security-Policy" content="[^"]*?)'unsafe-inline'/;
if (!csp.test(html)) throw new Error('CSP placeholder not found in index.html');
html = html.replace(csp, `$1${hashes.join(' ')}`);
writeFileSync(file, html);
console.log(`build-web: worker ${name}; CSP script-src pinned to ${hashes.length} inline script hash(es)`);
JS
node scripts/web-size.mjs dist
