/** How a transfer syntax lays out a dataset. */
export interface TransferSyntaxInfo {
  readonly uid: string;
  readonly explicitVr: boolean;
  readonly littleEndian: boolean;
  readonly deflated: boolean;
  /** Pixel Data is a sequence of compressed fragments. */
  readonly encapsulated: boolean;
}

export const TRANSFER_SYNTAX = {
  IMPLICIT_LE: '1.2.840.10008.1.2',
  EXPLICIT_LE: '1.2.840.10008.1.2.1',
  DEFLATED_LE: '1.2.840.10008.1.2.1.99',
  EXPLICIT_BE: '1.2.840.10008.1.2.2',
  JPEG_BASELINE: '1.2.840.10008.1.2.4.50',
  JPEG_EXTENDED: '1.2.840.10008.1.2.4.51',
  JPEG_LOSSLESS_SV1: '1.2.840.10008.1.2.4.70',
  JPEG_LS_LOSSLESS: '1.2.840.10008.1.2.4.80',
  JPEG_2000_LOSSLESS: '1.2.840.10008.1.2.4.90',
  JPEG_2000: '1.2.840.10008.1.2.4.91',
  RLE_LOSSLESS: '1.2.840.10008.1.2.5',
} as const;

/** Encapsulated transfer syntaxes of PS3.6 Table A-1 (active and retired). */
const ENCAPSULATED = [
  '1.2.840.10008.1.2.1.98', // Encapsulated Uncompressed Explicit VR Little Endian
  ...[50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 70, 80, 81, 90, 91, 92, 93].map(
    (n) => `1.2.840.10008.1.2.4.${n}`,
  ),
  ...['100', '100.1', '101', '101.1', '102', '102.1', '103', '103.1', '104', '104.1', '105', '105.1', '106', '106.1', '107', '108'].map(
    (n) => `1.2.840.10008.1.2.4.${n}`,
  ),
  ...['110', '111', '112', '201', '202', '203'].map((n) => `1.2.840.10008.1.2.4.${n}`),
  '1.2.840.10008.1.2.5', // RLE Lossless
  '1.2.840.10008.1.2.8.1', // Deflated Image Frame Compression
];

const native = (uid: string, explicitVr: boolean, littleEndian: boolean, deflated = false): TransferSyntaxInfo => ({
  uid,
  explicitVr,
  littleEndian,
  deflated,
  encapsulated: false,
});

const TABLE = new Map<string, TransferSyntaxInfo>([
  [TRANSFER_SYNTAX.IMPLICIT_LE, native(TRANSFER_SYNTAX.IMPLICIT_LE, false, true)],
  [TRANSFER_SYNTAX.EXPLICIT_LE, native(TRANSFER_SYNTAX.EXPLICIT_LE, true, true)],
  [TRANSFER_SYNTAX.DEFLATED_LE, native(TRANSFER_SYNTAX.DEFLATED_LE, true, true, true)],
  [TRANSFER_SYNTAX.EXPLICIT_BE, native(TRANSFER_SYNTAX.EXPLICIT_BE, true, false)],
  // JPIP referenced syntaxes carry no Pixel Data; the dataset itself is explicit LE.
  ['1.2.840.10008.1.2.4.94', native('1.2.840.10008.1.2.4.94', true, true)],
  ['1.2.840.10008.1.2.4.95', native('1.2.840.10008.1.2.4.95', true, true, true)],
  ...ENCAPSULATED.map((uid): [string, TransferSyntaxInfo] => [
    uid,
    { uid, explicitVr: true, littleEndian: true, deflated: false, encapsulated: true },
  ]),
]);

/** Layout of a transfer syntax we can read, or undefined for unknown/private ones. */
export const transferSyntaxInfo = (uid: string): TransferSyntaxInfo | undefined => TABLE.get(uid);

export const isEncapsulatedTransferSyntax = (uid: string): boolean => TABLE.get(uid)?.encapsulated === true;
