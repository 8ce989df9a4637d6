module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'inspector',
  rootDir: __dirname,
};
