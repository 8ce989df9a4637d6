import { attributeType } from './attribute-type';
import { iodDefinition, iodNames } from './modules';
import { iodForSopClass, sopClass, sopClassName } from './sop-classes';

const CT = '1.2.840.10008.5.1.4.1.1.2';

describe('SOP classes', () => {
  it('names a SOP class and its IOD', () => {
    expect(sopClassName(CT)).toBe('CT Image Storage');
    expect(iodForSopClass(CT)).toBe('CT Image');
    expect(iodForSopClass('1.2.840.10008.5.1.4.1.1.6.1')).toBe('Ultrasound Image');
    expect(sopClass('1.2.840.10008.5.1.4.1.1.4')).toEqual({ name: 'MR Image Storage', iod: 'MR Image' });
  });

  it('knows nothing of unlisted UIDs or prototype keys', () => {
    expect(sopClassName('1.2.3')).toBeUndefined();
    expect(iodForSopClass('__proto__')).toBeUndefined();
    expect(iodForSopClass('constructor')).toBeUndefined();
  });
});

describe('iodDefinition', () => {
  it('lists the CT Image modules with their usage, per the 2008 tables', () => {
    const ct = iodDefinition('CT Image');
    expect(ct?.edition).toBe('2008');
    const modules = ct?.modules.map((m) => `${m.name}:${m.usage}`);
    expect(modules).toEqual(
      expect.arrayContaining(['Patient:M', 'General Study:M', 'CT Image:M', 'SOP Common:M', 'Contrast/bolus:C', 'Device:U']),
    );
  });

  it('covers the common image IODs and shares module definitions between them', () => {
    expect(iodNames()).toEqual(expect.arrayContaining(['CT Image', 'MR Image', 'Secondary Capture Image']));
    const ctPatient = iodDefinition('CT Image')?.modules.find((m) => m.ref === 'C.7.1.1');
    const mrPatient = iodDefinition('MR Image')?.modules.find((m) => m.ref === 'C.7.1.1');
    expect(ctPatient?.attributes).toBe(mrPatient?.attributes);
  });

  it('is undefined for IODs newer than the tables and for unknown names', () => {
    expect(iodDefinition('Enhanced MR Color Image')).toBeUndefined();
    expect(iodDefinition('toString')).toBeUndefined();
  });
});

describe('attributeType', () => {
  it('gives the Type of top-level attributes of CT Image', () => {
    expect(attributeType('CT Image', '00100010')).toBe('2'); // Patient's Name, Patient
    expect(attributeType('CT Image', '(0008,0018)')).toBe('1'); // SOP Instance UID, SOP Common
    expect(attributeType('CT Image', '00080020')).toBe('2'); // Study Date, General Study
    expect(attributeType('CT Image', '0020000D')).toBe('1'); // Study Instance UID
    expect(attributeType('CT Image', '00180060')).toBe('2'); // KVP, CT Image
  });

  it('prefers the most demanding definition: Image Type is 3 in General Image, 1 in CT Image', () => {
    expect(attributeType('CT Image', '00080008')).toBe('1');
    expect(attributeType('MR Image', '00080008')).toBe('1');
    expect(attributeType('Secondary Capture Image', '00080008')).toBe('3');
  });

  it('gives the Type of nested attributes, macros expanded, item indices ignored', () => {
    // Referenced Image Sequence > Referenced SOP Instance UID (Image SOP Instance Reference Macro)
    expect(attributeType('CT Image', '(0008,1140)[0].(0008,1155)')).toBe('1');
    expect(attributeType('CT Image', ['00081140', '00081150'])).toBe('1');
    // Procedure Code Sequence > Code Value / Code Meaning (Code Sequence Macro)
    expect(attributeType('CT Image', '00081032/00080100')).toBe('1');
    expect(attributeType('CT Image', '(0008,1032).(0008,0104)')).toBe('1');
    expect(attributeType('CT Image', '00081032')).toBe('3');
  });

  it('resolves repeating overlay groups to their 60xx definition', () => {
    expect(attributeType('CT Image', '60020010')).toBe('1'); // Overlay Rows, Overlay Plane (U)
    expect(attributeType('CT Image', '60203000')).toBeUndefined();
  });

  it('is undefined for unknown attributes and IODs', () => {
    expect(attributeType('CT Image', '00091010')).toBeUndefined();
    expect(attributeType('CT Image', '00100010/00100020')).toBeUndefined();
    expect(attributeType('No Such IOD', '00100010')).toBeUndefined();
  });

  it('rejects malformed paths', () => {
    expect(() => attributeType('CT Image', '0010..0010')).toThrow();
    expect(() => attributeType('CT Image', 'PatientName')).toThrow();
  });
});
