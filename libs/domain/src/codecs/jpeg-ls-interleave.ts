/**
 * Whether a JPEG-LS codestream interleaves its components (ILV 1 or 2) or codes them
 * one scan each (ILV 0), from the first SOS marker segment (ISO 14495-1 C.2.3). CharLS
 * returns ILV 0 data colour-by-plane, so the frame's planar configuration follows it.
 */
export function jpegLsIsPlanar(bytes: Uint8Array): boolean {
  let at = 2;
  while (at + 4 <= bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1] as number;
    const length = ((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number);
    if (marker === 0xda) {
      const components = bytes[at + 4] as number;
      const ilv = bytes[at + 5 + components * 2 + 1];
      return components === 1 || ilv === 0;
    }
    at += 2 + length;
  }
  return false;
}
