import type { DeidConfig } from '../config/config-types';
import type { DicomElement } from '../dicom/element';
import type { DicomObject } from '../dicom/parse-dicom';
import type { KeyRing } from '../keys/key-ring';
import { compiledRules, type CompiledRules } from './compiled-rules';
import { dayOffset } from './date-shift';
import { DEID_ACTIONS, type DeidAction, type PlannedAction } from './deid-types';
import { identifierMatchers } from './identifiers';
import { patientPseudonym } from './pseudonym';
import { remapUid, isRegistryUid } from './uid-remap';

export interface PseudonymEntry {
  readonly kind: 'patientId' | 'uid';
  readonly original: string;
  readonly pseudonym: string;
}

export interface ChangedElement {
  readonly path: string;
  readonly tag: string;
  readonly vr: string;
  readonly original: DicomElement;
}

export interface ApplyContext {
  /** Who the patient is across studies (e.g. a master patient index key); decides the date offset. */
  readonly patientIdentity?: string;
}

/** What remediation of one object accumulates: its inputs, caches and results. */
export class ApplyEnvironment {
  readonly rules: CompiledRules;
  /** The whole-day shift under Retain Longitudinal Modified Dates, else undefined. */
  readonly days: number | undefined;
  readonly counts = Object.fromEntries(DEID_ACTIONS.map((a) => [a, 0])) as Record<DeidAction, number>;
  readonly pseudonyms: PseudonymEntry[] = [];
  readonly changed: ChangedElement[] = [];
  readonly actions: ReadonlyMap<string, PlannedAction>;
  consumed = 0;
  private readonly uids = new Map<string, string>();
  private readonly recorded = new Set<string>();
  private readonly issuer: string;
  private readonly patientId: string;
  private cleaningCache: readonly RegExp[] | undefined;
  private pseudonymCache: string | undefined;

  constructor(
    private readonly obj: DicomObject,
    planned: readonly PlannedAction[],
    readonly config: DeidConfig,
    readonly keys: KeyRing,
    ctx: ApplyContext,
  ) {
    this.rules = compiledRules(config);
    this.actions = new Map(planned.map((a) => [a.path, a]));
    this.issuer = obj.dataset.string('00100021') ?? '';
    this.patientId = obj.dataset.string('00100020') ?? '';
    const identity = ctx.patientIdentity ?? `${this.issuer}\u0000${this.patientId}`;
    this.days = config.options.retainLongitudinalModifiedDates ? dayOffset(keys, identity, config.dateShift) : undefined;
  }

  /** Identifier matchers and custom patterns: everything a C on text removes (built when first needed). */
  get cleaning(): readonly RegExp[] {
    if (this.cleaningCache === undefined) {
      const identifiers = identifierMatchers(this.obj, this.config.pseudonyms.patientIdPrefix).map((m) => m.regex);
      this.cleaningCache = [...identifiers, ...this.rules.cleaningRegexes];
    }
    return this.cleaningCache;
  }

  /** The top-level patient's pseudonym, which Patient's Name takes when so configured. */
  get patientPseudonym(): string {
    this.pseudonymCache ??= patientPseudonym(this.keys, this.config.pseudonyms.patientIdPrefix, this.issuer, this.patientId);
    return this.pseudonymCache;
  }

  /** Keyed remap of one UID value; registry UIDs and empty values pass unchanged. */
  uid(value: string): string {
    if (value === '' || isRegistryUid(value)) return value;
    let mapped = this.uids.get(value);
    if (mapped === undefined) {
      mapped = remapUid(this.keys, value);
      this.uids.set(value, mapped);
      this.record({ kind: 'uid', original: value, pseudonym: mapped });
    }
    return mapped;
  }

  /** Remember a pseudonym once, in the order first met (the output must be deterministic). */
  record(entry: PseudonymEntry): void {
    const key = `${entry.kind}\u0000${entry.original}`;
    if (this.recorded.has(key)) return;
    this.recorded.add(key);
    this.pseudonyms.push(entry);
  }
}
