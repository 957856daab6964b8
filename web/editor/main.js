// Entry point of the editor bundle (scripts/build-web.sh runs esbuild on it).
import { create } from './editor.js';
import { load, save } from './store.js';
import { renderCodeSpans } from './text.js';

window.tfgradeEditor = { create, renderCodeSpans };
window.tfgradeStore = { load, save };
