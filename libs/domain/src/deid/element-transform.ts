import { replacementInput } from '../config/replacement-value';
import type { DataSet } from '../dicom/data-set';
import { DicomElement, type DicomValue } from '../dicom/element';
import { normalizeValue } from '../dicom/value-input';
import { vrKind, type Vr } from '../dicom/vr';
import type { ApplyEnvironment } from './apply-environment';
import { shiftDa, shiftDt } from './date-shift';
import type { PlannedAction } from './deid-types';
import { dummyValue, emptyValue } from './dummy-values';
import { keyedHash, patientPseudonym } from './pseudonym';
import { cleanValue } from './text-clean';

const texts = (el: DicomElement): readonly string[] => el.value as readonly string[];
const withValue = (el: DicomElement, value: DicomValue): DicomElement => new DicomElement(el.tag, el.vr, value);
const frozen = (values: string[]): readonly string[] => Object.freeze(values);

/** Patient ID → keyed pseudonym, with the issuer of the same level (else the top level's). */
function pseudonymizeId(el: DicomElement, ds: DataSet, env: ApplyEnvironment, top: DataSet): DicomElement {
  const issuer = ds.string('00100021') ?? top.string('00100021') ?? '';
  const out = texts(el).map((id) => {
    const p = patientPseudonym(env.keys, env.config.pseudonyms.patientIdPrefix, issuer, id.trim());
    env.record({ kind: 'patientId', original: id.trim(), pseudonym: p });
    return p;
  });
  return withValue(el, frozen(out));
}

/** Shift every date of a DA/DT by the patient's offset; a value that is no date gets the dummy. */
function shiftDates(el: DicomElement, days: number): DicomElement {
  const shift = el.vr === 'DA' ? shiftDa : shiftDt;
  const fallback = (dummyValue(el.vr) as readonly string[])[0] as string;
  return withValue(el, frozen(texts(el).map((v) => shift(v, days) ?? fallback)));
}

function dummy(el: DicomElement, ds: DataSet, env: ApplyEnvironment, top: DataSet): DicomElement {
  if (el.tag === '00100020' && el.vr === 'LO') return pseudonymizeId(el, ds, env, top);
  if (el.tag === '00100010' && el.vr === 'PN' && env.config.pseudonyms.patientName === 'pseudonym') {
    return withValue(el, frozen([env.patientPseudonym]));
  }
  if (el.vr === 'UI') {
    const values = texts(el).map((v) => env.uid(v.trim()));
    return withValue(el, frozen(values.length > 0 && values.some((v) => v !== '') ? values : [env.uid('')]));
  }
  if ((el.vr === 'DA' || el.vr === 'DT') && env.days !== undefined && texts(el).length > 0) return shiftDates(el, env.days);
  return withValue(el, numberDummy(el) ?? dummyValue(el.vr));
}

/**
 * Binary numbers are dummied value for value, keeping the multiplicity: Graphic Data
 * needs its coordinate pairs, a Window Center its count, and a count says nothing of anyone.
 */
function numberDummy(el: DicomElement): DicomValue | undefined {
  const kind = vrKind(el.vr);
  if (kind !== 'number' && kind !== 'bigint') return undefined;
  const count = Math.max(1, (el.value as readonly unknown[]).length);
  return Object.freeze(kind === 'number' ? new Array<number>(count).fill(0) : new Array<bigint>(count).fill(0n));
}

/** VRs whose text a C action searches for identifiers (numbers, dates, times and UIDs are not text). */
const NOT_CLEANED = new Set<Vr>(['DA', 'DT', 'TM', 'UI', 'DS', 'IS']);

/**
 * C: dates follow the date option (shifted, kept, else dummied), times survive a
 * whole-day shift, text loses every identifier and custom-pattern match, and anything
 * else cannot be cleaned further and is kept (pixel-level risks are the redactor's).
 */
function clean(el: DicomElement, env: ApplyEnvironment): DicomElement {
  if (el.vr === 'DA' || el.vr === 'DT') {
    if (env.days !== undefined) return shiftDates(el, env.days);
    return env.config.options.retainLongitudinalFullDates ? el : withValue(el, dummyValue(el.vr));
  }
  if (vrKind(el.vr) !== 'text' || NOT_CLEANED.has(el.vr)) return el;
  const before = texts(el);
  const after = before.map((v) => cleanValue(v, el.vr, env.cleaning));
  return after.every((v, i) => v === before[i]) ? el : withValue(el, frozen(after));
}

function replace(el: DicomElement, a: PlannedAction, env: ApplyEnvironment): DicomElement {
  const index = Number(a.rule.slice('override:'.length));
  const text = env.config.overrides[index]?.value ?? '';
  return withValue(el, normalizeValue(el.tag, el.vr, replacementInput(el.tag, el.vr, text)));
}

/** Hex fits every hashable text VR; 16 characters where the VR allows no more. */
const HASH_LENGTH: Readonly<Partial<Record<Vr, number>>> = { AE: 16, CS: 16, SH: 16 };

function hash(el: DicomElement, ds: DataSet, env: ApplyEnvironment, top: DataSet): DicomElement {
  if (el.vr === 'UI') return withValue(el, frozen(texts(el).map((v) => env.uid(v.trim()))));
  if (vrKind(el.vr) !== 'text' || NOT_CLEANED.has(el.vr) || el.vr === 'UR' || el.vr === 'AS') return dummy(el, ds, env, top);
  const length = HASH_LENGTH[el.vr] ?? 32;
  return withValue(el, frozen(texts(el).map((v) => (v.trim() === '' ? v : keyedHash(env.keys, v.trim(), length)))));
}

/**
 * One element (not a kept sequence: the caller walks those) under its planned action;
 * undefined when it is removed. Unchanged elements are returned as is, so the writer
 * copies their source bytes.
 */
export function transformElement(el: DicomElement, a: PlannedAction, ds: DataSet, env: ApplyEnvironment, top: DataSet): DicomElement | undefined {
  switch (a.action) {
    case 'X':
      return undefined;
    case 'K':
      return el;
    case 'Z':
      return withValue(el, emptyValue(el.vr));
    case 'D':
      return dummy(el, ds, env, top);
    case 'U':
      return withValue(el, frozen(texts(el).map((v) => env.uid(v.trim()))));
    case 'C':
      return clean(el, env);
    case 'REPLACE':
      return replace(el, a, env);
    case 'HASH':
      return hash(el, ds, env, top);
  }
}
