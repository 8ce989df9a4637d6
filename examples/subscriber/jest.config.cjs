module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'example-subscriber',
  rootDir: __dirname,
};
