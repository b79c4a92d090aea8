// `pnpm lint` runs this through tools/lint-structure.ts: no import cycle between modules (type-only
// imports included), and none between the folders of packages/core, so every folder sits on one
// floor (text/ at the bottom, deploy/ at the top).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle between modules: move what both need to a model file they import.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-circular-core-folders',
      severity: 'error',
      comment: 'An import cycle between folders of packages/core: one of them is on the wrong floor.',
      scope: 'folder',
      from: { path: '^packages/core/src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
}
