import type { MachineRule, Zone } from '../redaction-types';
import { CtpUnsupported, parseCtpExpression } from './ctp-expression';
import { splitCtpScript, type CtpRegionText, type CtpSignatureText } from './split-ctp-script';

/** A signature that did not become a rule, by line, with the signature's text and why. */
export interface CtpUnsupportedSignature {
  readonly line: number;
  readonly signature: string;
  readonly reason: string;
}

export interface CtpImportResult {
  /** How many `{...}` signatures the script holds: machines.length + unsupported signatures. */
  readonly signatures: number;
  readonly machines: MachineRule[];
  readonly unsupported: CtpUnsupportedSignature[];
}

const REGION_RE = /^\s*(-?\d+)\s*,\s*(-?\d+)\s*,\s*(-?\d+)\s*,\s*(-?\d+)\s*$/;
/** Parenthesised text with anything but numbers and commas is a note, which CTP skips too. */
const NUMERIC_RE = /^[\s\d,+-]*$/;
const MAX_SIGNATURE_TEXT = 240;

const condensed = (s: string): string => {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length <= MAX_SIGNATURE_TEXT ? one : `${one.slice(0, MAX_SIGNATURE_TEXT - 1)}…`;
};

function zoneOf(r: CtpRegionText): Zone {
  const m = REGION_RE.exec(r.text);
  if (!m) throw new CtpUnsupported(`line ${r.line}: "(${condensed(r.text)})" is not a region (x,y,w,h)`);
  const [x, y, width, height] = m.slice(1).map(Number) as [number, number, number, number];
  if (x < 0 || y < 0 || width < 1 || height < 1) throw new CtpUnsupported(`line ${r.line}: a region needs x, y >= 0 and a positive width and height`);
  return { x, y, width, height };
}

function ruleOf(sig: CtpSignatureText, id: string): MachineRule {
  if (!sig.terminated) throw new CtpUnsupported('the signature has no closing brace');
  const node = parseCtpExpression(sig.expression);
  if (node === false) throw new CtpUnsupported('the signature can never match');
  const zones = sig.regions.filter((r) => NUMERIC_RE.test(r.text)).map(zoneOf);
  const match = { manufacturer: '*', model: '*', serial: '*', ...(node !== true && { conditions: node }) };
  return { id, match, zones };
}

/**
 * Convert a CTP DicomPixelAnonymizer.script (its text; the caller reads the file) into
 * machine rules, in script order so that first-match-wins keeps CTP's precedence. Every
 * signature becomes one rule whose conditions carry its whole expression (a top-level
 * `+` becomes `any`), over any attribute, with CTP's reading of values. A signature
 * that cannot be expressed exactly, or whose regions are not all readable, is listed
 * in `unsupported` with its line and produces no rule: a partial rule would claim to
 * cover images it does not fully clean.
 */
export function importCtpScript(text: string): CtpImportResult {
  const machines: MachineRule[] = [];
  const unsupported: CtpUnsupportedSignature[] = [];
  const signatures = splitCtpScript(text);
  const used = new Set<string>();
  for (const sig of signatures) {
    let id = `ctp-line-${sig.line}`;
    for (let n = 2; used.has(id); n++) id = `ctp-line-${sig.line}-${n}`;
    used.add(id);
    try {
      machines.push(ruleOf(sig, id));
    } catch (e) {
      if (!(e instanceof CtpUnsupported)) throw e;
      unsupported.push({ line: sig.line, signature: condensed(sig.expression), reason: e.message });
    }
  }
  return { signatures: signatures.length, machines, unsupported };
}
