import { DataSet, isGantryUid, KeyRing, remapUid } from '@gantry/domain';
import { redactedUid, retargetSelfReferences } from './redacted-uid';

const keys = new KeyRing(new Uint8Array(32).fill(7));
const other = new KeyRing(new Uint8Array(32).fill(8));

describe('redactedUid', () => {
  it('is keyed, reproducible, a Gantry 2.25 UID, and never the remediator\'s remap of the same UID', () => {
    const uid = '2.25.1234567890';
    expect(redactedUid(keys, uid)).toBe(redactedUid(keys, uid));
    expect(redactedUid(keys, uid)).not.toBe(redactedUid(other, uid));
    expect(redactedUid(keys, uid)).not.toBe(remapUid(keys, uid));
    expect(redactedUid(keys, uid)).not.toBe(uid);
    expect(isGantryUid(redactedUid(keys, uid))).toBe(true);
  });
});

describe('retargetSelfReferences', () => {
  it('points references to the old UID, at any depth, at the new one and leaves others alone', () => {
    const item = new DataSet().set('ReferencedSOPInstanceUID', 'UI', '1.2.3').set('ReferencedSOPClassUID', 'UI', '1.2.840.10008.5.1.4.1.1.7');
    const ds = new DataSet().set('SOPInstanceUID', 'UI', '9.9').set('SourceImageSequence', 'SQ', [item]).set('FrameOfReferenceUID', 'UI', '1.2.3.4');
    expect(retargetSelfReferences(ds, '1.2.3', '2.25.5')).toBe(1);
    expect(ds.sequence('SourceImageSequence')?.[0]?.string('ReferencedSOPInstanceUID')).toBe('2.25.5');
    expect(ds.string('FrameOfReferenceUID')).toBe('1.2.3.4');
    expect(retargetSelfReferences(ds, '1.2.3', '2.25.5')).toBe(0);
  });
});
