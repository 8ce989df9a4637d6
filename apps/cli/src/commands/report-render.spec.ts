import { ComplianceReport } from '@gantry/stages';
import { renderHtml, renderMarkdown } from './report-render';

const report: ComplianceReport = {
  generatedAt: '2025-01-01T00:00:00.000Z',
  configuration: {
    version: 2, hash: 'a'.repeat(64), profile: 'Basic', options: ['Clean Descriptors (DCM 113105)'],
    overrides: [{ tag: 'InstitutionName', action: 'replace' }], customRules: [{ id: 'mrn', action: 'X', reason: 'MRN_IN_TEXT' }],
    dateShift: { minDays: -10, maxDays: -1 }, pseudonyms: { patientIdPrefix: 'GANTRY-', patientName: 'pseudonym' }, reversible: false,
    redaction: { machines: ['us|<1>'], atRisk: { burnedInAnnotation: true, modalities: ['US'], secondaryCapture: true } },
    destinations: [{ name: 'out', kind: 'folder' }],
  },
  counts: {
    inputs: { filesFound: 3, received: 3, ingested: 2, rejected: 1, duplicates: 0, accountedFor: true, unreconciledBatches: [] },
    rejections: { NOT_DICOM: 1 }, stages: { exporter: { exported: 1, blocked: 1 } }, deadLetters: {}, events: {},
  },
  findings: { byRule: [{ rule: 'e1-1:00100010', action: 'D', reason: 'PSEUDONYM', count: 2 }], byAction: { D: 2, X: 5 } },
  held: [],
  blocked: [{ key: 'b'.repeat(32), time: '2025-01-01T00:00:00.000Z', reasons: ['KNOWN_VALUE_FOUND'], paths: ['(0008,1030)'], configVersion: 2 }],
};
const meta = { tool: 'gantry', version: '9.9.9' };

describe('compliance report rendering', () => {
  it('writes Markdown tables, escaping the cell separator', () => {
    const md = renderMarkdown(report, meta);
    expect(md).toContain('| tool | gantry 9.9.9 |');
    expect(md).toContain(`| configuration hash (sha256) | ${'a'.repeat(64)} |`);
    expect(md).toContain('| redaction rules | us\\|<1> |');
    expect(md).toContain('| e1-1:00100010 | D | PSEUDONYM | 2 |');
    expect(md).toContain(`| ${'b'.repeat(32)} | 2025-01-01T00:00:00.000Z | KNOWN_VALUE_FOUND | (0008,1030) | 2 |`);
    expect(md).toMatch(/## Held \(pixel redaction\)\n\nnone/);
  });

  it('writes HTML with every value escaped', () => {
    const html = renderHtml(report, meta);
    expect(html).toContain('<td>us|&#60;1&#62;</td>');
    expect(html).not.toContain('<1>');
    expect(html).toMatch(/<h2>Blocked \(export check\)<\/h2>\n<table>/);
  });
});
