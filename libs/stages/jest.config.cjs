module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'stages',
  rootDir: __dirname,
};
