import { TRANSFER_SYNTAX } from '../dicom/transfer-syntax';

/** How a transfer syntax's frames are decoded. */
export type CodecFamily = 'uncompressed' | 'rle' | 'jpeg' | 'jpeg-ls' | 'jpeg2000' | 'htj2k';

/**
 * Whether a syntax's data lost information: `always` (DCT JPEG), `maybe` (syntaxes that
 * allow both; the header's Lossy Image Compression decides, and absent it we assume
 * loss), `never`. `method` is the (0028,2114) term for the lossy case (PS3.3 C.7.6.1.1.5).
 */
export interface CodecSyntax {
  readonly uid: string;
  readonly family: CodecFamily;
  readonly lossy: 'always' | 'maybe' | 'never';
  readonly method?: string;
}

const syntax = (uid: string, family: CodecFamily, lossy: CodecSyntax['lossy'], method?: string): [string, CodecSyntax] => [
  uid,
  method === undefined ? { uid, family, lossy } : { uid, family, lossy, method },
];

const TABLE = new Map<string, CodecSyntax>([
  syntax('1.2.840.10008.1.2.1.98', 'uncompressed', 'never'),
  syntax(TRANSFER_SYNTAX.RLE_LOSSLESS, 'rle', 'never'),
  syntax(TRANSFER_SYNTAX.JPEG_BASELINE, 'jpeg', 'always', 'ISO_10918_1'),
  syntax(TRANSFER_SYNTAX.JPEG_EXTENDED, 'jpeg', 'always', 'ISO_10918_1'),
  syntax('1.2.840.10008.1.2.4.57', 'jpeg', 'never'),
  syntax(TRANSFER_SYNTAX.JPEG_LOSSLESS_SV1, 'jpeg', 'never'),
  syntax(TRANSFER_SYNTAX.JPEG_LS_LOSSLESS, 'jpeg-ls', 'never'),
  syntax('1.2.840.10008.1.2.4.81', 'jpeg-ls', 'maybe', 'ISO_14495_1'),
  syntax(TRANSFER_SYNTAX.JPEG_2000_LOSSLESS, 'jpeg2000', 'never'),
  syntax(TRANSFER_SYNTAX.JPEG_2000, 'jpeg2000', 'maybe', 'ISO_15444_1'),
  syntax('1.2.840.10008.1.2.4.201', 'htj2k', 'never'),
  syntax('1.2.840.10008.1.2.4.202', 'htj2k', 'never'),
  syntax('1.2.840.10008.1.2.4.203', 'htj2k', 'maybe', 'ISO_15444_15'),
]);

/** The encapsulated syntaxes decodeFrames understands, by UID. */
export const codecSyntax = (uid: string): CodecSyntax | undefined => TABLE.get(uid);

/** Every encapsulated syntax that decodes (for reports and tests). */
export const DECODABLE_ENCAPSULATED_SYNTAXES: readonly string[] = [...TABLE.keys()];
