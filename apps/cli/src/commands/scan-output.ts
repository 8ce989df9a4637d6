import { ScanReport } from '@gantry/stages';
import { printLines, printTable } from '../output';

const csvField = (s: string): string => (/[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const csvLine = (cells: readonly (string | number)[]): string => cells.map((c) => csvField(String(c))).join(',');

const DIMENSIONS = [
  ['rule', 'byRule'],
  ['tag', 'byTag'],
  ['reason', 'byReason'],
  ['action', 'byAction'],
  ['unreadable', 'unreadable'],
] as const;

/** `--csv`: one `dimension,key,count` row per count, or the details when asked for them. */
export function printScanCsv(report: ScanReport): void {
  if (report.details) {
    printLines([
      'source,path,keyword,vr,action,rule,reason,value',
      ...report.details.map((d) => csvLine([d.source, d.path, d.keyword, d.vr, d.action, d.rule, d.reason, d.value])),
    ]);
    return;
  }
  const rows = DIMENSIONS.flatMap(([name, field]) => Object.entries(report[field]).map(([k, n]) => csvLine([name, k, n])));
  printLines(['dimension,key,count', ...rows]);
}

/** The summary and the three counts tables, then (with --details) every finding with its value. */
export function printScanText(report: ScanReport): void {
  const unreadable = Object.entries(report.unreadable).map(([code, n]) => `${code} ${n}`);
  const findings = Object.values(report.byAction).reduce((a, b) => a + b, 0);
  printLines([
    `Scanned ${report.scanned} of ${report.inputs} ${report.scope === 'files' ? 'files' : 'ingested instances'} under configuration version ${report.configVersion}`,
    `unreadable: ${unreadable.length ? unreadable.join(', ') : 'none'}; pixel data at risk: ${report.pixelAtRisk}; findings: ${findings}`,
    '',
  ]);
  for (const [title, counts] of [['RULE', report.byRule], ['TAG', report.byTag], ['REASON', report.byReason]] as const) {
    printTable([title, 'FINDINGS'], Object.entries(counts));
    printLines(['']);
  }
  if (report.details) {
    printTable(
      ['SOURCE', 'PATH', 'KEYWORD', 'VR', 'ACTION', 'RULE', 'REASON', 'VALUE'],
      report.details.map((d) => [d.source, d.path, d.keyword, d.vr, d.action, d.rule, d.reason, d.value]),
    );
  }
}
