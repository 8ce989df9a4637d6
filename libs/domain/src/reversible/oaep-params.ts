import { AsnConvert, AsnProp, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { OAEP_HASHES, OID_MGF1, OID_P_SPECIFIED, OID_SHA256 } from './cms-algorithms';
import { ReversibleError } from './reversible-error';

/**
 * RSAES-OAEP-params (RFC 8017 A.2.1); each field defaults to SHA-1, MGF1 with SHA-1 and
 * an empty label, and DER omits a field equal to its default.
 */
export class RsaesOaepParams {
  @AsnProp({ type: AlgorithmIdentifier, context: 0, optional: true })
  hashAlgorithm?: AlgorithmIdentifier;

  @AsnProp({ type: AlgorithmIdentifier, context: 1, optional: true })
  maskGenAlgorithm?: AlgorithmIdentifier;

  @AsnProp({ type: AlgorithmIdentifier, context: 2, optional: true })
  pSourceAlgorithm?: AlgorithmIdentifier;

  constructor(params: Partial<RsaesOaepParams> = {}) {
    Object.assign(this, params);
  }
}

/** What node:crypto needs to undo OAEP: one hash (it uses it for MGF1 too) and the label. */
export interface OaepSettings {
  readonly hash: string;
  readonly label: Uint8Array;
}

const hashName = (oid: string): string => {
  const name = OAEP_HASHES[oid];
  if (name === undefined) throw new ReversibleError('UNSUPPORTED_ALGORITHM', `OAEP hash ${oid} is not supported`);
  return name;
};

function mgfHash(mgf: AlgorithmIdentifier | undefined): string {
  if (mgf === undefined) return 'sha1';
  if (mgf.algorithm !== OID_MGF1 || !mgf.parameters) throw new ReversibleError('UNSUPPORTED_ALGORITHM', 'OAEP mask generation is not MGF1');
  return hashName(AsnConvert.parse(mgf.parameters, AlgorithmIdentifier).algorithm);
}

function label(source: AlgorithmIdentifier | undefined): Uint8Array {
  if (source === undefined || !source.parameters) return new Uint8Array(0);
  if (source.algorithm !== OID_P_SPECIFIED) throw new ReversibleError('UNSUPPORTED_ALGORITHM', 'OAEP label source is not pSpecified');
  return new Uint8Array(AsnConvert.parse(source.parameters, OctetString).buffer);
}

/** Read the OAEP parameters of a key-encryption AlgorithmIdentifier (absent = all defaults). */
export function oaepSettings(parameters: ArrayBuffer | null | undefined): OaepSettings {
  try {
    const p = parameters ? AsnConvert.parse(parameters, RsaesOaepParams) : new RsaesOaepParams();
    const hash = p.hashAlgorithm === undefined ? 'sha1' : hashName(p.hashAlgorithm.algorithm);
    // node:crypto applies one digest to both OAEP and MGF1, so mixed choices cannot be undone.
    if (mgfHash(p.maskGenAlgorithm) !== hash) throw new ReversibleError('UNSUPPORTED_ALGORITHM', 'OAEP with different hash and MGF1 hash');
    return { hash, label: label(p.pSourceAlgorithm) };
  } catch (e) {
    if (e instanceof ReversibleError) throw e;
    throw new ReversibleError('MALFORMED_CMS', 'RSAES-OAEP parameters do not decode', { cause: e });
  }
}

/** DER of RSAES-OAEP-params for SHA-256 with MGF1-SHA-256 and an empty label (RFC 4055 4.1). */
export function oaepSha256Params(): ArrayBuffer {
  const sha256 = new AlgorithmIdentifier({ algorithm: OID_SHA256, parameters: null });
  return AsnConvert.serialize(
    new RsaesOaepParams({
      hashAlgorithm: sha256,
      maskGenAlgorithm: new AlgorithmIdentifier({ algorithm: OID_MGF1, parameters: AsnConvert.serialize(sha256) }),
    }),
  );
}
