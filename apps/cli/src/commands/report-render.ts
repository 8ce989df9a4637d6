import { ComplianceReport } from '@gantry/stages';

/*
 * The compliance report as Markdown or HTML. Everything in it is a code, a key, a count,
 * a tag path or an operator's setting: no value read from a DICOM object is ever in a
 * report, so it can be filed and shared with the data.
 */

export interface ReportMeta {
  tool: string;
  version: string;
}

const entries = (counts: Record<string, number>): [string, number][] => Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1));

/** The report as titled tables: [heading, header row, rows]. Both renderers read this one model. */
function sections(r: ComplianceReport, meta: ReportMeta): [string, string[], (string | number)[][]][] {
  const c = r.configuration;
  const i = r.counts.inputs;
  return [
    ['Tool and configuration', ['item', 'value'], [
      ['tool', `${meta.tool} ${meta.version}`], ['generated', r.generatedAt], ['configuration version', c.version], ['configuration hash (sha256)', c.hash],
      ['profile', c.profile], ['options', c.options.join('; ') || 'none'], ['date shift (days)', `${c.dateShift.minDays} to ${c.dateShift.maxDays}`],
      ['pseudonyms', `prefix "${c.pseudonyms.patientIdPrefix}", patient name ${c.pseudonyms.patientName}`], ['reversible (encrypted originals)', c.reversible ? 'yes' : 'no'],
      ['overrides', c.overrides.map((o) => `${o.tag}: ${o.action}`).join('; ') || 'none'], ['custom rules', c.customRules.map((x) => `${x.id}: ${x.action} (${x.reason})`).join('; ') || 'none'],
      ['redaction rules', c.redaction.machines.join(', ') || 'none'], ['images at risk', `burned-in YES: ${c.redaction.atRisk.burnedInAnnotation}; modalities ${c.redaction.atRisk.modalities.join(', ')}; secondary capture: ${c.redaction.atRisk.secondaryCapture}`],
      ['destinations', c.destinations.map((d) => `${d.name} (${d.kind})`).join(', ') || 'none'],
    ]],
    ['Counts', ['what', 'count'], [
      ['inputs received', i.received], ['ingested', i.ingested], ['rejected', i.rejected], ['duplicates', i.duplicates], ['every imported file accounted for', i.accountedFor ? 'yes' : 'NO'],
      ...entries(r.counts.rejections).map(([k, n]): [string, number] => [`rejected: ${k}`, n]),
      ...Object.entries(r.counts.stages).flatMap(([stage, counts]) => entries(counts).map(([k, n]): [string, number] => [`${stage}: ${k}`, n])),
      ...entries(r.counts.deadLetters).map(([k, n]): [string, number] => [`dead letters: ${k}`, n]),
    ]],
    ['Findings by action', ['action', 'elements'], entries(r.findings.byAction)],
    ['Findings by rule', ['rule', 'action', 'reason', 'elements'], r.findings.byRule.map((f) => [f.rule, f.action, f.reason, f.count])],
    ['Held (pixel redaction)', ['instance key', 'since', 'reason', 'risk', 'config version'], r.held.map((h) => [h.key, h.time, h.reason, h.risk.join(', '), h.configVersion])],
    ['Blocked (export check)', ['instance key', 'since', 'reasons', 'paths', 'config version'], r.blocked.map((b) => [b.key, b.time, b.reasons.join(', '), b.paths.slice(0, 20).join(' ') + (b.paths.length > 20 ? ` (+${b.paths.length - 20})` : ''), b.configVersion])],
  ];
}

const mdCell = (v: string | number): string => String(v).replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderMarkdown(r: ComplianceReport, meta: ReportMeta): string {
  const out = ['# Gantry de-identification compliance report', ''];
  for (const [title, header, rows] of sections(r, meta)) {
    out.push(`## ${title}`, '');
    if (rows.length === 0) out.push('none', '');
    else out.push(`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.map(mdCell).join(' | ')} |`), '');
  }
  return `${out.join('\n')}\n`;
}

const esc = (v: string | number): string => String(v).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export function renderHtml(r: ComplianceReport, meta: ReportMeta): string {
  const body = sections(r, meta).map(([title, header, rows]) => {
    const table = rows.length === 0 ? '<p>none</p>' : `<table><thead><tr>${header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((row) => `<tr>${row.map((v) => `<td>${esc(v)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
    return `<h2>${esc(title)}</h2>\n${table}`;
  });
  const style = 'body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #999;padding:2px 6px;text-align:left;vertical-align:top}';
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Gantry compliance report</title><style>${style}</style></head>\n<body><h1>Gantry de-identification compliance report</h1>\n${body.join('\n')}\n</body></html>\n`;
}
