import type { CustomRule, DeidConfig, DeidOverride, OverrideAction } from '../config/config-types';
import { DEFAULT_PATTERN_RULE_VRS } from '../config/config-types';
import { resolveStandardTag } from '../config/config-semantics';
import { validateConfig } from '../config/parse-config';
import type { Tag } from '../dicom/tag';
import type { Vr } from '../dicom/vr';
import type { DeidAction } from './deid-types';

const OVERRIDE_ACTION: Readonly<Record<OverrideAction, DeidAction>> = {
  keep: 'K',
  remove: 'X',
  empty: 'Z',
  replace: 'REPLACE',
  hash: 'HASH',
};

export interface CompiledOverride {
  readonly index: number;
  readonly action: DeidAction;
  readonly value?: string;
}

/** A custom rule, ready to match. `regex` is global (for cleaning); tests reset it. */
export interface CompiledCustomRule {
  readonly id: string;
  readonly action: DeidAction;
  readonly reason: string;
  readonly tag?: Tag;
  readonly vrs?: ReadonlySet<Vr>;
  readonly regex?: RegExp;
}

export interface CompiledRules {
  /** The override for a standard tag or a private element (creator + element byte); the last one wins. */
  override(tag: Tag, creator: string | undefined): CompiledOverride | undefined;
  /** A custom rule naming this tag without a pattern: it replaces the profile's action. */
  tagRule(tag: Tag, vr: Vr): CompiledCustomRule | undefined;
  /** Rules with a pattern, in configuration order. */
  readonly patternRules: readonly CompiledCustomRule[];
  /** Every pattern, for cleaning a value whose action is C. */
  readonly cleaningRegexes: readonly RegExp[];
}

const privateKey = (group: number, creator: string, elementByte: number): string =>
  `${group.toString(16).toUpperCase().padStart(4, '0')}|${creator.trim()}|${elementByte}`;

function overrideKey(o: DeidOverride): string | undefined {
  if (typeof o.tag !== 'string') return privateKey(parseInt(o.tag.group, 16), o.tag.creator, parseInt(o.tag.element, 16));
  const r = resolveStandardTag(o.tag);
  return 'tag' in r ? r.tag : undefined;
}

function compileCustom(rule: CustomRule): CompiledCustomRule {
  const resolved = rule.tag === undefined ? undefined : resolveStandardTag(rule.tag);
  const tag = resolved !== undefined && 'tag' in resolved ? resolved.tag : undefined;
  const vrs = rule.vr ?? (rule.pattern === undefined ? undefined : DEFAULT_PATTERN_RULE_VRS);
  return {
    id: rule.id,
    action: rule.action,
    reason: rule.reason ?? 'CUSTOM_RULE',
    ...(tag !== undefined && { tag }),
    ...(vrs !== undefined && { vrs: new Set<Vr>(vrs) }),
    ...(rule.pattern !== undefined && { regex: new RegExp(rule.pattern, 'gu') }),
  };
}

function build(config: DeidConfig): CompiledRules {
  const overrides = new Map<string, CompiledOverride>();
  config.overrides.forEach((o, index) => {
    const key = overrideKey(o);
    if (key !== undefined) overrides.set(key, { index, action: OVERRIDE_ACTION[o.action], ...(o.value !== undefined && { value: o.value }) });
  });
  const custom = config.customRules.map(compileCustom);
  const tagRules = new Map<Tag, CompiledCustomRule>();
  for (const r of custom) if (r.regex === undefined && r.tag !== undefined) tagRules.set(r.tag, r);
  const patternRules = custom.filter((r) => r.regex !== undefined);
  return {
    override(tag, creator) {
      if (creator === undefined) return overrides.get(tag);
      const n = parseInt(tag, 16);
      return overrides.get(privateKey(n >>> 16, creator, n & 0xff));
    },
    tagRule(tag, vr) {
      const r = tagRules.get(tag);
      return r !== undefined && (r.vrs === undefined || r.vrs.has(vr)) ? r : undefined;
    },
    patternRules,
    cleaningRegexes: patternRules.map((r) => r.regex as RegExp),
  };
}

const cache = new WeakMap<DeidConfig, CompiledRules>();

/**
 * The configuration's overrides and custom rules, compiled once per configuration
 * object. A configuration built in code is validated first, as parseConfig would have:
 * a bad keyword or regex must fail loudly rather than silently protect less.
 */
export function compiledRules(config: DeidConfig): CompiledRules {
  const hit = cache.get(config);
  if (hit) return hit;
  validateConfig({ version: 1, deid: config });
  const rules = build(config);
  cache.set(config, rules);
  return rules;
}
