import type { DataSet } from '../dicom/data-set';
import type { DicomElement } from '../dicom/element';
import { isPrivateCreatorTag, isPrivateTag, tagElement, tagGroup, vrOf } from '../dicom/tag';
import type { Vr } from '../dicom/vr';
import { confidentialityRules } from '../standard/confidentiality';
import { isSafePrivate } from '../standard/safe-private';
import type { ProfileRule } from '../standard/types';
import type { CompiledOverride } from './compiled-rules';
import { resolveCode, typeForCompound } from './compound-code';
import type { DeidAction } from './deid-types';
import type { PlanEnvironment } from './plan-environment';
import { profileCode } from './profile-action';
import { matches, SCANNED_TEXT_VRS } from './text-clean';

/** A decision before it gets its path; `explicit` ones (overrides, custom rules) are final. */
export interface Decision {
  readonly action: DeidAction;
  readonly rule: string;
  readonly reason: string;
  readonly creator?: string;
  readonly explicit?: boolean;
}

/** File meta elements that describe the object itself; the writer regenerates the rest. */
const META_KEPT = new Set(['00020001', '00020002', '00020003', '00020010']);
const PRIVATE_RULE = 'e1-1:private';

function overrideDecision(o: CompiledOverride, el: DicomElement, creator?: string): Decision {
  // A sequence has no value to replace or hash: it is emptied instead.
  const action = el.vr === 'SQ' && (o.action === 'REPLACE' || o.action === 'HASH') ? 'Z' : o.action;
  return { action, rule: `override:${o.index}`, reason: 'OVERRIDE', explicit: true, ...(creator !== undefined && { creator }) };
}

/** Group lengths (recomputed by the writer, and stale once anything changes) and regenerated file meta. */
export function housekeeping(el: DicomElement, inMeta: boolean): Decision | undefined {
  if (el.tag.endsWith('0000')) return { action: 'X', rule: 'housekeeping:group-length', reason: 'HOUSEKEEPING' };
  if (inMeta && !META_KEPT.has(el.tag)) return { action: 'X', rule: 'housekeeping:file-meta', reason: 'HOUSEKEEPING' };
  return undefined;
}

interface TagFacts {
  readonly row: ProfileRule | undefined;
  /** The VR the dictionary gives; undefined for a tag the standard does not define. */
  readonly vr: Vr | undefined;
}

const facts = new Map<string, TagFacts>();

/** The table's row and the dictionary's VR of a tag, remembered: both lookups parse the tag. */
function factsOf(tag: string): TagFacts {
  let f = facts.get(tag);
  if (f === undefined) {
    f = { row: confidentialityRules().ruleForTag(tag), vr: vrOf(tag) };
    if (facts.size > 50_000) facts.clear();
    facts.set(tag, f);
  }
  return f;
}

/** Table E.1-1 under the options, compound codes resolved by the attribute's Type. */
function profileDecision(el: DicomElement, path: string, env: PlanEnvironment): Decision {
  const { row, vr } = factsOf(el.tag);
  // Neither the table nor the dictionary knows it, so nothing says it is harmless.
  if (row === undefined && vr === undefined) return { action: 'X', rule: 'default:unknown', reason: 'UNKNOWN_ATTRIBUTE' };
  if (row === undefined) {
    // Modified dates mean every date shifts, listed or not, so intervals stay consistent.
    if (env.modifiedDates && (el.vr === 'DA' || el.vr === 'DT')) {
      return { action: 'C', rule: 'default:date', reason: 'OPTION_RETAIN_LONGITUDINAL_MODIFIED_DATES' };
    }
    return { action: 'K', rule: 'default:keep', reason: 'NOT_IN_PROFILE' };
  }
  const pc = profileCode(row, env.enabled);
  const resolved = resolveCode(pc.code, () => typeForCompound(env.iod, path));
  return { action: resolved.action, rule: `e1-1:${row.tag}`, reason: resolved.reason ?? pc.reason };
}

const hasValue = (el: DicomElement): boolean => (el.value as readonly string[]).some((v) => v.trim() !== '');

/** Patient ID, and Patient's Name when so configured, carry the keyed pseudonym instead of Z/D. */
function pseudonymDecision(el: DicomElement, d: Decision, env: PlanEnvironment): Decision {
  if (d.action !== 'Z' && d.action !== 'D') return d;
  if (el.tag === '00100020' && el.vr === 'LO') {
    return hasValue(el) ? { action: 'D', rule: 'pseudonym:patient-id', reason: 'PSEUDONYM' } : { ...d, action: 'Z' };
  }
  if (el.tag === '00100010' && el.vr === 'PN' && env.config.pseudonyms.patientName === 'pseudonym' && hasValue(el)) {
    return { action: 'D', rule: 'pseudonym:patient-name', reason: 'PSEUDONYM' };
  }
  return d;
}

/** A standard (even group) element of the data set or the file meta. */
export function standardDecision(el: DicomElement, path: string, env: PlanEnvironment, inMeta: boolean): Decision {
  const house = housekeeping(el, inMeta);
  if (house) return house;
  const o = env.rules.override(el.tag, undefined);
  if (o) return overrideDecision(o, el);
  const custom = env.rules.tagRule(el.tag, el.vr);
  if (custom) return { action: custom.action, rule: `custom:${custom.id}`, reason: custom.reason, explicit: true };
  const d = pseudonymDecision(el, profileDecision(el, path, env), env);
  // Only UI values can be remapped; anything else claiming to be a UID gets a dummy.
  if (d.action === 'U' && el.vr !== 'UI' && el.vr !== 'SQ') return { ...d, action: 'D' };
  return unreadableText(el, d);
}

/**
 * Free text stored as UN (an implicit-VR tag the writer did not know) cannot be searched
 * or cleaned, so a value the plan would keep or clean is removed instead.
 */
function unreadableText(el: DicomElement, d: Decision): Decision {
  if (el.vr !== 'UN' || (d.action !== 'K' && d.action !== 'C')) return d;
  const vr = factsOf(el.tag).vr;
  return vr !== undefined && SCANNED_TEXT_VRS.has(vr) ? { ...d, action: 'X', reason: 'UN_NOT_CLEANABLE' } : d;
}

/**
 * A private element: X unless Retain Safe Private is on and the safe list names its
 * creator, group and element byte (then K). Without a creator, or with an unknown VR (UN),
 * nothing can vouch for it. Creators are decided later, from their block's elements.
 */
export function privateDecision(el: DicomElement, ds: DataSet, env: PlanEnvironment): Decision {
  const house = housekeeping(el, false);
  if (house) return house;
  if (isPrivateCreatorTag(el.tag)) return { action: 'X', rule: PRIVATE_RULE, reason: 'PRIVATE_CREATOR_UNUSED' };
  const creator = tagElement(el.tag) >= 0x1000 ? ds.privateCreator(el.tag) : undefined;
  if (creator === undefined) return { action: 'X', rule: PRIVATE_RULE, reason: 'PRIVATE_NO_CREATOR' };
  const o = env.rules.override(el.tag, creator);
  if (o) return overrideDecision(o, el, creator);
  if (el.vr === 'UN') return { action: 'X', rule: PRIVATE_RULE, reason: 'PRIVATE_UNKNOWN_VR', creator };
  const safe = env.config.options.retainSafePrivate && el.vr !== 'SQ' && isSafePrivate(creator, tagGroup(el.tag), tagElement(el.tag) & 0xff);
  return safe
    ? { action: 'K', rule: PRIVATE_RULE, reason: 'OPTION_RETAIN_SAFE_PRIVATE', creator }
    : { action: 'X', rule: PRIVATE_RULE, reason: 'PRIVATE_UNSAFE', creator };
}

/**
 * Values that give a dummied sequence its structure rather than its content: coded
 * strings (an SR content item's Value Type and Relationship Type), integers (Referenced
 * Content Item Identifiers, Referenced Frame Numbers, segment numbers) and tags. A dummy
 * in their place ('ANONYMIZED' as a Value Type, 0 as a 1-based reference) breaks the
 * object for every reader and hides nothing, so they are kept, unless a coded or integer
 * string holds one of this object's identifiers.
 */
const STRUCTURE_VRS: ReadonlySet<Vr> = new Set<Vr>(['CS', 'IS', 'AT', 'US', 'UL', 'SS', 'SL', 'UV', 'SV']);

function isStructure(el: DicomElement, env: PlanEnvironment): boolean {
  if (!STRUCTURE_VRS.has(el.vr)) return false;
  if (el.vr !== 'CS' && el.vr !== 'IS') return true;
  // Coded and integer strings are text: one could still spell an identifier of this object.
  const values = el.value as readonly string[];
  return !env.identifiers.some((m) => values.some((v) => matches(m.regex, v)));
}

/**
 * Inside a sequence whose action is D every value becomes a dummy, but for the values
 * that only give it its structure; private data goes.
 */
export function dummyContentDecision(el: DicomElement, rule: string, ds: DataSet, env: PlanEnvironment): Decision {
  if (isPrivateTag(el.tag)) {
    const d = privateDecision(el, ds, env);
    return d.explicit ? d : { ...d, action: 'X', ...(d.reason === 'OPTION_RETAIN_SAFE_PRIVATE' && { reason: 'PRIVATE_UNSAFE' }) };
  }
  const house = housekeeping(el, false);
  if (house) return house;
  const o = env.rules.override(el.tag, undefined);
  if (o) return overrideDecision(o, el);
  if (isStructure(el, env)) return { action: 'K', rule, reason: 'DUMMY_SEQUENCE_STRUCTURE' };
  return { action: 'D', rule, reason: 'DUMMY_SEQUENCE_CONTENT' };
}
