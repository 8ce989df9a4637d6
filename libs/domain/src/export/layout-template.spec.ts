import { DEFAULT_LAYOUT } from './export-config';
import { assertRelativeLocation, layoutProblems, renderLayout, type LayoutValues } from './layout-template';

const VALUES: LayoutValues = {
  patient: 'GANTRY-ABCDEFGHIJKLMNOP',
  study: '2.25.1',
  series: '2.25.2',
  instance: '2.25.3',
  key: '0123456789abcdef0123456789abcdef',
  modality: 'CT',
};

describe('layout templates', () => {
  it('renders the default layout from pseudonymous values', () => {
    expect(renderLayout(DEFAULT_LAYOUT, VALUES)).toBe('GANTRY-ABCDEFGHIJKLMNOP/2.25.1/2.25.2/2.25.3.dcm');
    expect(renderLayout('{modality}/{key}.dcm', VALUES)).toBe('CT/0123456789abcdef0123456789abcdef.dcm');
  });

  it.each([
    ['/abs/{instance}.dcm', 'must be relative, without empty, . or .. segments'],
    ['../{instance}.dcm', 'must be relative, without empty, . or .. segments'],
    ['a//{instance}.dcm', 'must be relative, without empty, . or .. segments'],
    ['{patient}/{name}/{instance}.dcm', 'must use only the variables {patient}, {study}, {series}, {instance}, {key}, {modality}'],
    ['{patient}/{study}.dcm', 'must contain {instance} or {key}'],
    ['{instance}.txt', "must end with '.dcm'"],
    ['{instance.dcm', 'must close every {variable}'],
    ['{instance} .dcm', 'must use only letters, digits, . _ - / and {variables}'],
  ])('refuses %s', (template, problem) => {
    expect(layoutProblems(template)).toContain(problem);
    expect(() => renderLayout(template, VALUES)).toThrow(/layout template/);
  });

  it('refuses values that are not plain segments, so nothing can leave the folder', () => {
    for (const bad of ['..', '.', 'a/b', 'a b', '', 'x\\y']) {
      expect(() => renderLayout(DEFAULT_LAYOUT, { ...VALUES, patient: bad })).toThrow(/not a plain segment/);
    }
    expect(() => assertRelativeLocation('a/../b.dcm')).toThrow();
    expect(() => assertRelativeLocation('/a.dcm')).toThrow();
    expect(() => assertRelativeLocation('a/b.dcm')).not.toThrow();
  });
});
