#!/usr/bin/env node
// The gantry command runs the compiled CLI; `npm ci` builds it (the prepare script).
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const entry = join(__dirname, '..', 'apps', 'cli', 'dist', 'main.js');
if (!existsSync(entry)) {
  process.stderr.write('gantry: not built yet; run `npm run build` (or `npm ci`, which builds)\n');
  process.exit(2);
}
require(entry);
