import type { Scaffold, ScaffoldGeometry, ScaffoldMachine } from '@gantry/stages';

const RULE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** YAML double-quoted scalars are a superset of JSON strings: JSON.stringify quotes safely. */
const q = (s: string): string => JSON.stringify(s);
/** Flow YAML for zones and conditions: JSON is valid YAML. */
const flow = (v: unknown): string => JSON.stringify(v);

/** An empty device field would be a glob that matches nothing: '*' matches it (and is said so). */
const glob = (s: string): string => (s.trim() === '' ? '*' : s.trim());

function slug(m: ScaffoldMachine, g: ScaffoldGeometry, several: boolean): string {
  const base = [m.manufacturer, m.model, m.serial].map((s) => s.trim()).filter(Boolean).join('-') || 'machine';
  const size = several ? `-${g.columns ?? 0}x${g.rows ?? 0}` : '';
  const id = base.toLowerCase().replace(/[^a-z0-9._]+/g, '-').replace(/^[^a-z0-9]+|-+$/g, '').slice(0, 64 - size.length) + size;
  return RULE_ID.test(id) ? id : `machine${size}`;
}

function unique(id: string, used: Set<string>): string {
  let out = id;
  for (let n = 2; used.has(out); n++) out = `${id.slice(0, 60)}-${n}`;
  used.add(out);
  return out;
}

const size = (g: ScaffoldGeometry): string => (g.rows === null ? 'no image size' : `${g.columns}x${g.rows} (columns x rows)`);

function matchLine(m: ScaffoldMachine, g: ScaffoldGeometry, several: boolean): string {
  const parts = [`manufacturer: ${q(glob(m.manufacturer))}`, `model: ${q(glob(m.model))}`, `serial: ${q(glob(m.serial))}`];
  if (several && g.rows !== null && g.columns !== null) parts.push(`rows: ${g.rows}`, `columns: ${g.columns}`);
  if (g.suggestion?.conditions) parts.push(`conditions: ${flow(g.suggestion.conditions)}`);
  return `match: { ${parts.join(', ')} }`;
}

/** One image size of a machine: a comment saying why, and an active, commented or no rule. */
function geometryLines(m: ScaffoldMachine, g: ScaffoldGeometry, several: boolean, used: Set<string>): string[] {
  const head = `    #   ${size(g)}: ${g.instances} image(s), ${g.atRisk} at risk${g.riskReasons.length ? ` (${g.riskReasons.join(', ')})` : ''}`;
  if (g.coveredBy !== null) return [`${head}; covered by the active rule ${g.coveredBy} (a sample image matches it).`];
  if (g.atRisk === 0 && g.suggestion === null) return [`${head}; no rule needed: these images leave unredacted.`];
  const id = unique(slug(m, g, several), used);
  if (g.suggestion !== null) {
    return [
      `${head}; CTP's signature at line ${g.suggestion.line} of ${'DicomPixelAnonymizer.script'} matches a sample image.`,
      `    #   Check its zones on an image of this machine before applying.`,
      `    - id: ${id}`,
      `      ${matchLine(m, g, several)}`,
      `      zones: ${flow(g.suggestion.zones)}`,
    ];
  }
  return [
    `${head}; no CTP signature matches a sample image. Its images are HELD until a rule covers them:`,
    `    #   draw the zones where this machine burns text in, or keep zones: [] if it burns none, then uncomment.`,
    `    # - id: ${id}`,
    `    #   ${matchLine(m, g, several)}`,
    `    #   zones: []    # e.g. [{ x: 0, y: 0, width: ${g.columns ?? 512}, height: 40 }]`,
  ];
}

function machineLines(m: ScaffoldMachine, used: Set<string>): string[] {
  const who = `${m.manufacturer || '(no manufacturer)'} ${m.model || '(no model)'}, serial ${m.serial || '(none)'}`;
  const several = m.geometries.length > 1;
  return [
    `    # ${who} [${m.modalities.join(', ') || 'no modality'}]: ${m.instances} image(s), ${m.atRisk} at risk`,
    ...m.geometries.flatMap((g) => geometryLines(m, g, several, used)),
    '',
  ];
}

function header(s: Scaffold): string[] {
  const p = s.atRiskPolicy;
  const policy = [
    p.burnedInAnnotation ? 'Burned In Annotation is YES' : null,
    p.modalities.length ? `the modality is ${p.modalities.join(', ')}` : null,
    p.secondaryCapture ? 'the SOP class is Secondary Capture' : null,
  ].filter(Boolean);
  return [
    `# Gantry redaction rules: a scaffold of every machine in the inventory (configuration version ${s.configVersion}).`,
    '# Apply with: gantry redaction apply <this file>   (it becomes a new configuration version).',
    '#',
    '# Zones are rectangles in stored-image pixels (x, y from the top-left corner; width, height),',
    '# filled on every frame with the darkest value unless a rule sets `fill`. The FIRST rule that',
    '# matches an image wins, so keep specific rules above general ones.',
    `# An image is at risk, and is held until a rule covers it, when ${policy.join('; or ') || 'never (the policy flags nothing)'}.`,
    `# Zones marked CTP come from ${s.library.edition}, sha256 ${s.library.sha256}.`,
    '# Only those rules are active: every other at-risk machine has a commented rule to complete.',
    'redaction:',
  ];
}

/** The scaffold as a rule set file with comments that say why each entry is what it is. */
export function scaffoldYaml(s: Scaffold): string {
  const used = new Set<string>();
  const body = s.machines.flatMap((m) => machineLines(m, used));
  const active = body.some((l) => l.startsWith('    - id: '));
  const list = active ? ['  machines:'] : ['  machines: []    # no rule is active yet: replace [] by the completed rules below'];
  return [...header(s), ...list, ...body].join('\n');
}
