module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'remediator',
  rootDir: __dirname,
};
