// Root Jest entry: runs every project's suite. `npm test` builds first because
// integration tests spawn the compiled service entrypoints as real processes.
const fs = require('node:fs');
const path = require('node:path');
const parents = ['libs', 'apps', 'examples'];
const dirs = parents.flatMap((p) =>
  fs.existsSync(path.join(__dirname, p)) ? fs.readdirSync(path.join(__dirname, p)).map((d) => `${p}/${d}`) : [],
);
const projects = [...dirs, 'tools']
  .filter((d) => fs.existsSync(path.join(__dirname, d, 'jest.config.cjs')))
  .map((d) => `<rootDir>/${d}/jest.config.cjs`);
module.exports = { projects };
