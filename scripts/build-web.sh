#!/usr/bin/env bash
# Builds the web page into dist/ (release, wasm-opt -Oz): the page's wasm,
# the analysis worker's wasm, and index.html with a Content-Security-Policy
# whose script-src allows Trunk's inline loader by hash, not 'unsafe-inline'.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env-wasm.sh
trunk build --release "$@"
node --input-type=module - dist/index.html <<'JS'
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
const file = process.argv[2];
let html = readFileSync(file, 'utf8');
const hashes = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)]
  .filter((m) => !/\bsrc=/.test(m[0]) && m[1].trim() !== '')
  .map((m) => `'sha256-${createHash('sha256').update(m[1]).digest('base64')}'`);
const csp = /(<meta http-equiv="Content-Security-Policy" content="[^"]*?)'unsafe-inline'/;
if (!csp.test(html)) throw new Error('CSP placeholder not found in index.html');
html = html.replace(csp, `$1${hashes.join(' ')}`);
writeFileSync(file, html);
console.log(`build-web: CSP script-src pinned to ${hashes.length} inline script hash(es)`);
JS
