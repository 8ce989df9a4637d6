import type { DataSet } from '../dicom/data-set';
import type { DicomObject } from '../dicom/parse-dicom';
import { tagOf } from '../dicom/tag';
import { vrKind } from '../dicom/vr';
import type { RedactionHeader } from './redaction-types';

/** An attribute as CTP reads it: top level only (file meta for group 0002), values joined by '\'. */
function attributeOf(obj: DicomObject, keywordOrTag: string): string | undefined {
  let tag: string;
  try {
    tag = tagOf(keywordOrTag);
  } catch {
    return undefined;
  }
  const ds: DataSet = tag.startsWith('0002') ? obj.meta : obj.dataset;
  const el = ds.get(tag);
  if (!el) return undefined;
  const kind = vrKind(el.vr);
  if (kind !== 'text' && kind !== 'number' && kind !== 'bigint' && kind !== 'tag') return undefined;
  return ds.strings(tag).join('\\');
}

/** What redaction rules look at, read from an object's original header. */
export function redactionHeader(obj: DicomObject): RedactionHeader {
  const ds = obj.dataset;
  return {
    manufacturer: ds.string('Manufacturer') ?? '',
    model: ds.string('ManufacturerModelName') ?? '',
    serial: ds.string('DeviceSerialNumber') ?? '',
    ...(ds.number('Rows') !== undefined && { rows: ds.number('Rows') }),
    ...(ds.number('Columns') !== undefined && { columns: ds.number('Columns') }),
    modality: ds.string('Modality') ?? '',
    sopClassUid: ds.string('SOPClassUID') ?? '',
    imageType: ds.strings('ImageType'),
    burnedInAnnotation: ds.string('BurnedInAnnotation') ?? '',
    attribute: (keywordOrTag) => attributeOf(obj, keywordOrTag),
  };
}
