import nx from '@nx/eslint-plugin';

const constraints = (testing) => [
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: [...testing] },
  { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:domain', ...testing] },
  { sourceTag: 'type:stages', onlyDependOnLibsWithTags: ['type:domain', 'type:platform', ...testing] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:domain', 'type:platform'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:domain', 'type:platform', 'type:stages', ...testing] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:domain', 'type:platform', 'type:stages', 'type:testing'] },
  { sourceTag: 'type:example', onlyDependOnLibsWithTags: ['type:domain', ...testing] },
];

// Module boundaries: domain is pure and depends on nothing of ours; platform holds
// adapters; stages are Nest modules over both; apps boot stages and never import
// each other (they talk only through events).
export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: ['**/dist', '**/node_modules', '**/*.cjs', '**/*.mjs', '**/*.js', '.nx', 'coverage'],
  },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: [], depConstraints: constraints([]) },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests (and only tests) may use the test harness: real databases, streams, S3.
    files: ['**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: [], depConstraints: constraints(['type:testing']) },
      ],
    },
  },
];
