import { GANTRY_IMPLEMENTATION_CLASS_UID, GANTRY_IMPLEMENTATION_VERSION_NAME } from '@gantry/domain';

/**
 * Wraps a dataset received over the network (C-STORE) in a Part 10 file: preamble, "DICM"
 * and a File Meta Information group built from the association's UIDs. The dataset bytes
 * are kept exactly as received, in the negotiated transfer syntax.
 */
export interface Part10Meta {
  sopClassUid: string;
  sopInstanceUid: string;
  transferSyntaxUid: string;
  sourceAeTitle?: string;
}


function element(group: number, elem: number, vr: string, value: Buffer): Buffer {
  const long = vr === 'OB';
  const header = Buffer.alloc(long ? 12 : 8);
  header.writeUInt16LE(group, 0);
  header.writeUInt16LE(elem, 2);
  header.write(vr, 4, 'latin1');
  if (long) header.writeUInt32LE(value.length, 8);
  else header.writeUInt16LE(value.length, 6);
  return Buffer.concat([header, value]);
}

/** UI values pad with NUL, other strings with a space, to an even length. */
const text = (s: string, pad: string): Buffer => Buffer.from(s.length % 2 ? s + pad : s, 'latin1');

export function wrapPart10(meta: Part10Meta, dataset: Uint8Array): Buffer {
  const elements = [
    element(0x0002, 0x0001, 'OB', Buffer.from([0x00, 0x01])),
    element(0x0002, 0x0002, 'UI', text(meta.sopClassUid, '\0')),
    element(0x0002, 0x0003, 'UI', text(meta.sopInstanceUid, '\0')),
    element(0x0002, 0x0010, 'UI', text(meta.transferSyntaxUid, '\0')),
    element(0x0002, 0x0012, 'UI', text(GANTRY_IMPLEMENTATION_CLASS_UID, '\0')),
    element(0x0002, 0x0013, 'SH', text(GANTRY_IMPLEMENTATION_VERSION_NAME, ' ')),
    ...(meta.sourceAeTitle ? [element(0x0002, 0x0016, 'AE', text(meta.sourceAeTitle.trim(), ' '))] : []),
  ];
  const body = Buffer.concat(elements);
  const groupLength = Buffer.alloc(4);
  groupLength.writeUInt32LE(body.length, 0);
  return Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), element(0x0002, 0x0000, 'UL', groupLength), body, dataset]);
}
