// One-off scaffold for per-project boilerplate (package.json, tsconfigs, jest config).
// Kept so new projects are created the same way: node tools/scaffold/projects.cjs
const fs = require('fs');
const path = require('path');
const root = path.resolve(__dirname, '../..');
const projects = [
  { dir: 'libs/domain', name: '@gantry/domain', tags: ['type:domain'], deps: [] },
  { dir: 'libs/platform', name: '@gantry/platform', tags: ['type:platform'], deps: ['libs/domain'] },
  { dir: 'libs/stages', name: '@gantry/stages', tags: ['type:stages'], deps: ['libs/domain', 'libs/platform'] },
  { dir: 'libs/testing', name: '@gantry/testing', tags: ['type:testing'], deps: ['libs/domain', 'libs/platform'] },
  ...['ingest', 'indexer', 'inspector', 'remediator', 'redactor', 'exporter'].map((s) => ({
    dir: `apps/${s}`, name: `@gantry/${s}`, tags: ['type:app'], deps: ['libs/domain', 'libs/platform', 'libs/stages'], app: true,
  })),
  { dir: 'apps/cli', name: '@gantry/cli', tags: ['type:app'], deps: ['libs/domain', 'libs/platform', 'libs/stages'], app: true },
  { dir: 'tools', name: '@gantry/tools', tags: ['type:tool'], deps: ['libs/domain', 'libs/platform', 'libs/stages', 'libs/testing'], app: true },
  { dir: 'examples/subscriber', name: '@gantry/example-subscriber', tags: ['type:example'], deps: ['libs/domain'], app: true },
];
const write = (p, obj) => {
  const full = path.join(root, p);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  if (!fs.existsSync(full)) fs.writeFileSync(full, typeof obj === 'string' ? obj : JSON.stringify(obj, null, 2) + '\n');
};
const rel = (from, to) => path.relative(path.join(root, from), path.join(root, to)) || '.';
for (const p of projects) {
  const base = rel(p.dir, 'tsconfig.base.json');
  const depPkgs = Object.fromEntries(p.deps.map((d) => [projects.find((x) => x.dir === d).name, '*']));
  write(`${p.dir}/package.json`, {
    name: p.name, version: '0.1.0', private: true,
    main: './dist/index.js', types: './dist/index.d.ts',
    exports: p.app ? undefined : {
      '.': { '@gantry/source': './src/index.ts', types: './dist/index.d.ts', default: './dist/index.js' },
      './package.json': './package.json',
    },
    dependencies: Object.keys(depPkgs).length ? depPkgs : undefined,
    nx: { tags: p.tags },
  });
  write(`${p.dir}/tsconfig.json`, {
    extends: base, files: [],
    references: [{ path: './tsconfig.lib.json' }, { path: './tsconfig.spec.json' }],
  });
  write(`${p.dir}/tsconfig.lib.json`, {
    extends: base,
    compilerOptions: { rootDir: 'src', outDir: 'dist', tsBuildInfoFile: 'dist/tsconfig.lib.tsbuildinfo' },
    include: ['src/**/*.ts', 'src/**/*.json'],
    exclude: ['src/**/*.spec.ts'],
    references: p.deps.map((d) => ({ path: `${rel(p.dir, d)}/tsconfig.lib.json` })),
  });
  write(`${p.dir}/tsconfig.spec.json`, {
    extends: base,
    compilerOptions: { composite: false, declaration: false, declarationMap: false, incremental: false, noEmit: true, isolatedModules: true, types: ['node', 'jest'] },
    include: ['src/**/*.ts'],
  });
  write(`${p.dir}/jest.config.cjs`,
    `module.exports = {\n  ...require('${rel(p.dir, 'jest.preset.cjs')}'),\n  displayName: '${p.name.replace('@gantry/', '')}',\n  rootDir: __dirname,\n};\n`);
  write(`${p.dir}/src/index.ts`, `export {};\n`);
}
write('tsconfig.build.json', {
  files: [],
  references: projects.map((p) => ({ path: `./${p.dir}/tsconfig.lib.json` })),
});
write('tsconfig.json', {
  extends: './tsconfig.base.json', files: [],
  references: projects.map((p) => ({ path: `./${p.dir}` })),
});
console.log(projects.map((p) => p.dir).join('\n'));
