module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'redactor',
  rootDir: __dirname,
};
