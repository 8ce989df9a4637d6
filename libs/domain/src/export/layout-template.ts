import { GantryError } from '../errors';

/** The values a layout may use: all pseudonymous or opaque (see layoutValues). */
export const LAYOUT_VARIABLES = ['patient', 'study', 'series', 'instance', 'key', 'modality'] as const;
export type LayoutVariable = (typeof LAYOUT_VARIABLES)[number];
export type LayoutValues = Readonly<Record<LayoutVariable, string>>;

/** A value or a rendered segment: portable file-name characters only. */
const SEGMENT = /^[A-Za-z0-9._-]+$/;
const TEMPLATE_CHARS = /^[A-Za-z0-9._{}/-]+$/;
const VARIABLE = /\{([^{}]*)\}/g;

/** A layout template or a rendered location that would not stay inside its destination. */
export class LayoutError extends GantryError {
  constructor(code: 'LAYOUT_INVALID' | 'LOCATION_INVALID', message: string) {
    super(code, message);
  }
}

const isVariable = (name: string): name is LayoutVariable => (LAYOUT_VARIABLES as readonly string[]).includes(name);

/**
 * Why a layout template cannot be used, or [] when it can: relative, '/'-separated,
 * no empty, '.' or '..' segment, only known variables, a file name ending in '.dcm', and
 * {instance} or {key} somewhere, or two instances would be written to one file.
 */
export function layoutProblems(template: string): string[] {
  if (!TEMPLATE_CHARS.test(template)) return ['must use only letters, digits, . _ - / and {variables}'];
  const out: string[] = [];
  const segments = template.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) out.push('must be relative, without empty, . or .. segments');
  const names = [...template.matchAll(VARIABLE)].map((m) => m[1] ?? '');
  const unknown = names.filter((n) => !isVariable(n));
  if (unknown.length > 0) out.push(`must use only the variables ${LAYOUT_VARIABLES.map((v) => `{${v}}`).join(', ')}`);
  if (template.replace(VARIABLE, '').includes('{') || template.replace(VARIABLE, '').includes('}')) out.push('must close every {variable}');
  if (!template.endsWith('.dcm')) out.push("must end with '.dcm'");
  if (!names.includes('instance') && !names.includes('key')) out.push('must contain {instance} or {key}');
  return out;
}

/**
 * The location of one object under its destination: the template with each variable
 * replaced. Values are checked again here (defence in depth): a value that is not a
 * plain file-name segment, or a result that could leave the destination, throws.
 */
export function renderLayout(template: string, values: LayoutValues): string {
  const problems = layoutProblems(template);
  if (problems.length > 0) throw new LayoutError('LAYOUT_INVALID', `layout template ${problems.join('; ')}`);
  const location = template.replace(VARIABLE, (_m, name: string) => {
    const value = values[name as LayoutVariable];
    if (!SEGMENT.test(value) || value === '.' || value === '..') throw new LayoutError('LOCATION_INVALID', `layout value {${name}} is not a plain segment`);
    return value;
  });
  assertRelativeLocation(location);
  return location;
}

/** A location relative to its destination: '/'-separated plain segments, no '.' or '..'. */
export function assertRelativeLocation(location: string): void {
  const ok = location.split('/').every((s) => SEGMENT.test(s) && s !== '.' && s !== '..');
  if (!ok || location.length > 512) throw new LayoutError('LOCATION_INVALID', 'location is not a relative path of plain segments');
}
