import { DataSet, DicomObject, EncapsulatedPixelData, keywordOf, PlannedAction, walk } from '@gantry/domain';
import { ScanDetail } from './scan-tally';

/** Longest value shown; a long text is cut rather than flood the terminal. */
const MAX_SHOWN = 200;

/**
 * Control characters (escape sequences included) are shown as '?': a hostile file must
 * not be able to drive the operator's terminal.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** How a value reads on a terminal: text as is, numbers joined, bulk data by its size. */
export function displayValue(value: unknown): string {
  let text: string;
  if (value instanceof Uint8Array) text = `<${value.length} bytes>`;
  else if (Array.isArray(value) && value.length > 0 && value[0] instanceof DataSet) text = `<${value.length} item(s)>`;
  else if (Array.isArray(value)) text = value.map(String).join('\\');
  else if (typeof value === 'object' && value !== null && (value as EncapsulatedPixelData).kind === 'encapsulated') {
    text = `<${(value as EncapsulatedPixelData).fragments.length} fragment(s)>`;
  } else text = String(value);
  const clean = text.replace(CONTROL, '?');
  return clean.length > MAX_SHOWN ? `${clean.slice(0, MAX_SHOWN)}…` : clean;
}

/**
 * The findings of one object with the values they act on. Values are only ever printed
 * on the operator's own terminal by `gantry scan --details`: never logged or recorded.
 */
export function findingDetails(source: string, obj: DicomObject, findings: readonly PlannedAction[]): ScanDetail[] {
  const wanted = new Map(findings.map((f) => [f.path, f]));
  const out: ScanDetail[] = [];
  const visit = (ds: DataSet): void =>
    walk(ds, (el, path) => {
      const f = wanted.get(path);
      if (f === undefined) return;
      let value: string;
      try {
        value = displayValue(el.value);
      } catch {
        value = '<undecodable>';
      }
      out.push({ source, path, keyword: keywordOf(f.tag) ?? '', vr: f.vr, rule: f.rule, action: f.action, reason: f.reason, value });
    });
  visit(obj.meta);
  visit(obj.dataset);
  return out;
}
