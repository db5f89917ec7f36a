// Builds the web artefacts the server serves from the jar's tandem-web/ folder:
//   js/gcb.min.js      the customer application (served at /cobrowse/js/gcb.min.js)
//   js/chatAPI.min.js  the Chat Service API as the global `chat`, CometD bundled (no dependencies)
//   js/chatAPI-noDeps.min.js  the same on the page's jQuery ($), underscore/lodash (_) and CometD (org.cometd)
//   agent/             the agent console (served at /cobrowse/agent/)
//   demo/              the demo site (served at /demo/)
// Output folder: $TANDEM_WEB_OUT (Maven sets it to target/classes/tandem-web), else dist/tandem-web.
import { build } from 'esbuild';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(here, process.env.TANDEM_WEB_OUT || 'dist/tandem-web');
const version = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8')).version;

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const common = {
  bundle: true,
  minify: true,
  sourcemap: 'linked',
  legalComments: 'linked',
  target: ['chrome90', 'firefox88', 'safari14', 'edge90'],
  define: { __TANDEM_VERSION__: JSON.stringify(version) },
  logLevel: 'warning',
};

await build({
  ...common,
  entryPoints: [join(here, 'src/customer/main.ts')],
  format: 'iife',
  outfile: join(out, 'js/gcb.min.js'),
});
await build({
  ...common,
  entryPoints: [join(here, 'src/chat/chat-api-entry.ts')],
  format: 'iife',
  outfile: join(out, 'js/chatAPI.min.js'),
});
await build({
  ...common,
  entryPoints: [join(here, 'src/chat/chat-api-nodeps-entry.ts')],
  format: 'iife',
  outfile: join(out, 'js/chatAPI-noDeps.min.js'),
});
await build({
  ...common,
  entryPoints: [join(here, 'src/agent/main.ts')],
  format: 'iife',
  outfile: join(out, 'agent/console.min.js'),
});
await build({
  ...common,
  entryPoints: [join(here, 'src/agent/console.css')],
  outfile: join(out, 'agent/console.min.css'),
});
cpSync(join(here, 'src/agent/index.html'), join(out, 'agent/index.html'));
cpSync(join(here, 'src/demo'), join(out, 'demo'), { recursive: true });

const report = ['js/gcb.min.js', 'js/chatAPI.min.js', 'js/chatAPI-noDeps.min.js', 'agent/console.min.js', 'agent/console.min.css'].map((file) => {
  const bytes = readFileSync(join(out, file));
  return `${file}: ${(bytes.length / 1024).toFixed(1)} KiB minified, ${(gzipSync(bytes).length / 1024).toFixed(1)} KiB gzipped`;
});
writeFileSync(join(out, 'SIZES.txt'), report.join('\n') + '\n');
console.log(report.join('\n'));
