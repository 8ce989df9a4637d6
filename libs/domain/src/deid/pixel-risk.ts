import type { DataSet } from '../dicom/data-set';
import { maskedTag } from '../standard/tag-input';
import type { PixelRisk, PixelRiskReason } from './deid-types';

/**
 * Modalities whose images often carry burned-in text: ultrasound, secondary capture,
 * angiography and fluoroscopy, endoscopy and photography, microscopy, documents, dental.
 */
const RISKY_MODALITIES = new Set(['US', 'IVUS', 'SC', 'XA', 'RF', 'OT', 'ES', 'XC', 'GM', 'SM', 'OP', 'DOC', 'PX', 'IO']);
const SC_ROOT = '1.2.840.10008.5.1.4.1.1.7';
const VL_ROOT = '1.2.840.10008.5.1.4.1.1.77.';

const isUnder = (uid: string, root: string): boolean => uid === root || uid.startsWith(`${root}.`);

/** Overlay Data (60xx,3000) that survives the plan may draw text over the image. */
export const isOverlayData = (tag: string): boolean => maskedTag(tag) === '60XX3000';

/**
 * Whether the pixel data may show identifying text, from the original header: Burned In
 * Annotation YES, a modality or SOP class known for captured screens, or a derived
 * (SECONDARY) image. `overlayKept` adds the plan's own contribution. Codes only.
 */
export function assessPixelRisk(ds: DataSet, overlayKept: boolean): PixelRisk {
  const reasons: PixelRiskReason[] = [];
  if (ds.string('00280301')?.toUpperCase() === 'YES') reasons.push('BURNED_IN_ANNOTATION');
  if (RISKY_MODALITIES.has(ds.string('00080060')?.toUpperCase() ?? '')) reasons.push('RISKY_MODALITY');
  const sopClass = ds.string('00080016') ?? '';
  if (isUnder(sopClass, SC_ROOT)) reasons.push('SECONDARY_CAPTURE_SOP_CLASS');
  if (sopClass.startsWith(VL_ROOT)) reasons.push('VISIBLE_LIGHT_SOP_CLASS');
  if (ds.strings('00080008').some((v) => v.toUpperCase() === 'SECONDARY')) reasons.push('IMAGE_TYPE_SECONDARY');
  if (overlayKept) reasons.push('OVERLAY_RETAINED');
  return { atRisk: reasons.length > 0, reasons };
}
