import type { GantryPipelineConfig } from '../config/config-types';
import { applyDeidentification } from '../deid/apply-deidentification';
import { planDeidentification } from '../deid/plan-deidentification';
import { configWith, testKeys } from '../deid/testing/deid-fixtures';
import { phiBuilder } from '../deid/testing/phi-fixtures';
import { parseDicom, type DicomObject } from '../dicom/parse-dicom';
import { writeDicom } from '../dicom/write-dicom';
import { checkForExport, pixelRiskResolved } from './export-check';
import { knownValuesOf } from './known-values';

function pair(modality: 'CT' | 'US', config: GantryPipelineConfig): { original: DicomObject; output: DicomObject } {
  const original = parseDicom(phiBuilder(modality).toBytes());
  const output = parseDicom(writeDicom(applyDeidentification(original, planDeidentification(original, config), config, testKeys()).object));
  return { original, output };
}

const check = (original: DicomObject, output: DicomObject, config: GantryPipelineConfig, ruleId: string | null = null) =>
  checkForExport({ original, output, config, known: knownValuesOf(original.meta, original.dataset), redaction: { ruleId } });

describe('checkForExport', () => {
  const config = configWith();

  it('passes a de-identified CT that needed no redaction', () => {
    const { original, output } = pair('CT', config);
    expect(check(original, output, config)).toEqual({ ok: true, reasons: [], paths: [] });
  });

  it('blocks a name written into a description after remediation, for two reasons', () => {
    const { original, output } = pair('CT', config);
    output.dataset.set('StudyDescription', 'LO', 'CT for Quixote');
    const verdict = check(original, parseDicom(writeDicom(output)), config);
    expect(verdict).toEqual({ ok: false, reasons: ['INSPECTOR_FINDINGS', 'KNOWN_VALUE_FOUND'], paths: ['(0008,1030)'] });
  });

  it('blocks an image at risk that the redactor passed through, and passes it with a matched rule', () => {
    const { original, output } = pair('US', config);
    expect(pixelRiskResolved(original, config, null)).toBe(false);
    expect(check(original, output, config).reasons).toEqual(['PIXEL_RISK_UNRESOLVED']);
    expect(check(original, output, config, 'us-rule').ok).toBe(true);
    const relaxed = { ...config, redaction: { ...config.redaction, atRisk: { burnedInAnnotation: true, modalities: [], secondaryCapture: true } } };
    expect(check(original, output, relaxed).ok).toBe(true);
  });

  it('blocks a new Type 1 problem', () => {
    const { original, output } = pair('CT', config);
    output.dataset.delete('Rows');
    const verdict = check(original, parseDicom(writeDicom(output)), config);
    expect(verdict.reasons).toEqual(['IOD_REGRESSION']);
    expect(verdict.paths).toContain('(0028,0010)');
  });
});
