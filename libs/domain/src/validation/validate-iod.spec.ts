import { DataSet } from '../dicom/data-set';
import type { Vr } from '../dicom/vr';
import { compareProblems } from './compare-problems';
import type { Problem } from './problem';
import { validateIod } from './validate-iod';

const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';

/** A CT image with every Type 1 and Type 2 attribute of its Mandatory modules. */
function ctImage(): DataSet {
  const ds = new DataSet();
  ds.set('SOPClassUID', CT_IMAGE_STORAGE);
  ds.set('SOPInstanceUID', '1.2.3.4.5.6');
  ds.set('PatientName', 'Doe^Jane');
  ds.set('PatientID', 'P-123');
  ds.set('PatientBirthDate', '19700101');
  ds.set('PatientSex', 'F');
  ds.set('StudyInstanceUID', '1.2.3.4');
  ds.set('StudyDate', '20240101');
  ds.set('StudyTime', '120000');
  ds.set('ReferringPhysicianName', '');
  ds.set('StudyID', '');
  ds.set('AccessionNumber', '');
  ds.set('Modality', 'CT');
  ds.set('SeriesInstanceUID', '1.2.3.4.5');
  ds.set('SeriesNumber', '1');
  ds.set('FrameOfReferenceUID', '1.2.3.4.6');
  ds.set('PositionReferenceIndicator', '');
  ds.set('Manufacturer', '');
  ds.set('InstanceNumber', '1');
  ds.set('PixelSpacing', [0.5, 0.5]);
  ds.set('ImageOrientationPatient', [1, 0, 0, 0, 1, 0]);
  ds.set('ImagePositionPatient', [0, 0, 0]);
  ds.set('SliceThickness', '');
  ds.set('SamplesPerPixel', 1);
  ds.set('Rows', 2);
  ds.set('Columns', 2);
  ds.set('BitsAllocated', 16);
  ds.set('BitsStored', 12);
  ds.set('HighBit', 11);
  ds.set('PixelRepresentation', 0);
  ds.set('PhotometricInterpretation', 'MONOCHROME2');
  ds.set('ImageType', ['ORIGINAL', 'PRIMARY', 'AXIAL']);
  ds.set('RescaleIntercept', -1024);
  ds.set('RescaleSlope', 1);
  ds.set('KVP', '');
  ds.set('AcquisitionNumber', '');
  return ds;
}

describe('validateIod', () => {
  it('finds nothing wrong with a complete CT image', () => {
    expect(validateIod(ctImage())).toEqual([]);
  });

  it('reports a missing Type 1 attribute with its path, module and Type', () => {
    const ds = ctImage();
    ds.delete('SOPInstanceUID');
    expect(validateIod(ds)).toEqual([{ code: 'TYPE1_MISSING', path: '(0008,0018)', module: 'SOP Common', type: '1' }]);
  });

  it('reports an empty Type 1 attribute, including one of blanks only', () => {
    const ds = ctImage();
    ds.set('ImageType', '');
    ds.set('Modality', '  ');
    expect(validateIod(ds)).toEqual([
      { code: 'TYPE1_EMPTY', path: '(0008,0060)', module: 'General Series', type: '1' },
      { code: 'TYPE1_EMPTY', path: '(0008,0008)', module: 'CT Image', type: '1' },
    ]);
  });

  it('accepts an empty Type 2 attribute but not a missing one', () => {
    const ds = ctImage();
    ds.set('PatientName', null);
    expect(validateIod(ds)).toEqual([]);
    ds.delete('StudyDate');
    expect(validateIod(ds)).toEqual([{ code: 'TYPE2_MISSING', path: '(0008,0020)', module: 'General Study', type: '2' }]);
  });

  it('checks the items of present sequences, at any depth', () => {
    const ds = ctImage();
    ds.set('ReferencedImageSequence', [
      { ReferencedSOPClassUID: CT_IMAGE_STORAGE, ReferencedSOPInstanceUID: '1.2.3.9' },
      { ReferencedSOPClassUID: CT_IMAGE_STORAGE },
    ]);
    ds.set('ProcedureCodeSequence', [{ CodeValue: '', CodingSchemeDesignator: 'DCM', CodeMeaning: 'CT' }]);
    expect(validateIod(ds)).toEqual([
      { code: 'TYPE1_EMPTY', path: '(0008,1032)[0].(0008,0100)', module: 'General Study', type: '1' },
      { code: 'TYPE1_MISSING', path: '(0008,1140)[1].(0008,1155)', module: 'General Image', type: '1' },
    ]);
  });

  it('does not enforce conditional Types or absent optional modules', () => {
    // The fixture has no Patient Orientation (2C, General Image) nor Pixel Data (1C, Image
    // Pixel in 2008), and none of the Device, Overlay Plane or VOI LUT module attributes.
    const ds = ctImage();
    ds.set('Laterality', ''); // 2C in General Series
    expect(validateIod(ds)).toEqual([]);
  });

  it('checks a User or Conditional module once one of its own attributes is present', () => {
    const ds = ctImage();
    ds.set('ContrastBolusRoute', 'IV'); // Type 3 of Contrast/Bolus; its Agent is Type 2
    expect(validateIod(ds)).toEqual([
      { code: 'TYPE2_MISSING', path: '(0018,0010)', module: 'Contrast/bolus', type: '2' },
    ]);
  });

  it('checks each overlay group in use against the (60xx) attributes of Overlay Plane', () => {
    const ds = ctImage();
    const overlay: [string, Vr, number | string | number[] | Uint8Array][] = [
      ['0010', 'US', 2], ['0011', 'US', 2], ['0040', 'CS', 'G'], ['0050', 'SS', [1, 1]],
      ['0100', 'US', 1], ['0102', 'US', 0], ['3000', 'OW', new Uint8Array(2)],
    ];
    for (const [element, vr, value] of overlay) ds.set(`6002${element}`, vr, value);
    expect(validateIod(ds)).toEqual([]);
    ds.delete('60023000'); // Overlay Data removed, the rest of the overlay kept
    ds.set('60040010', 'US', 2); // a second, incomplete overlay group
    expect(validateIod(ds).map((p) => `${p.code} ${p.path} ${p.module}`)).toEqual([
      'TYPE1_MISSING (6002,3000) Overlay Plane',
      'TYPE1_MISSING (6004,0011) Overlay Plane',
      'TYPE1_MISSING (6004,0040) Overlay Plane',
      'TYPE1_MISSING (6004,0050) Overlay Plane',
      'TYPE1_MISSING (6004,0100) Overlay Plane',
      'TYPE1_MISSING (6004,0102) Overlay Plane',
      'TYPE1_MISSING (6004,3000) Overlay Plane',
    ]);
  });

  it('never puts a value in a problem', () => {
    const ds = ctImage();
    ds.delete('StudyInstanceUID');
    ds.set('ReferencedImageSequence', [{ ReferencedSOPClassUID: 'Doe^Jane' }]);
    const text = JSON.stringify(validateIod(ds));
    expect(text).not.toContain('Doe');
    expect(text).not.toContain('1.2.3');
  });

  it('says when the IOD is unknown or not covered by the module tables', () => {
    expect(validateIod(new DataSet())).toEqual([{ code: 'UNKNOWN_IOD', path: '(0008,0016)' }]);
    expect(validateIod(new DataSet().set('SOPClassUID', '1.2.3'))).toEqual([{ code: 'UNKNOWN_IOD', path: '(0008,0016)' }]);
    const color = new DataSet().set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.4.3'); // Enhanced MR Color
    expect(validateIod(color)).toEqual([{ code: 'IOD_NOT_COVERED', path: '(0008,0016)' }]);
  });

  it('validates against an explicit IOD when asked to', () => {
    const ds = ctImage();
    ds.delete('SOPClassUID');
    expect(validateIod(ds, { iod: 'CT Image' })).toEqual([
      { code: 'TYPE1_MISSING', path: '(0008,0016)', module: 'SOP Common', type: '1' },
    ]);
    expect(validateIod(ds, { iod: 'No Such IOD' })).toEqual([{ code: 'UNKNOWN_IOD', path: '(0008,0016)' }]);
  });

  it('works on any object with get(tag)', () => {
    const plain = new Map<string, { vr: string; value: unknown }>([['00080016', { vr: 'UI', value: [CT_IMAGE_STORAGE] }]]);
    const problems = validateIod({ get: (t) => plain.get(t) });
    expect(problems.some((p) => p.path === '(0008,0018)' && p.code === 'TYPE1_MISSING')).toBe(true);
  });
});

describe('compareProblems', () => {
  const missing = (path: string): Problem => ({ code: 'TYPE1_MISSING', path, module: 'M', type: '1' });

  it('returns the problems a transformation introduced', () => {
    const before = validateIod(ctImage());
    const out = ctImage();
    out.delete('StudyDate');
    out.set('StudyInstanceUID', '');
    expect(compareProblems(before, validateIod(out))).toEqual([
      { code: 'TYPE1_EMPTY', path: '(0020,000D)', module: 'General Study', type: '1' },
      { code: 'TYPE2_MISSING', path: '(0008,0020)', module: 'General Study', type: '2' },
    ]);
  });

  it('ignores problems the input already had, and treats empty and missing Type 1 alike', () => {
    const before = [missing('(0008,0018)'), { ...missing('(0020,000D)'), code: 'TYPE1_EMPTY' as const }];
    const after = [missing('(0020,000D)'), missing('(0008,0018)')];
    expect(compareProblems(before, after)).toEqual([]);
    expect(compareProblems([], after)).toEqual(after);
  });
});
