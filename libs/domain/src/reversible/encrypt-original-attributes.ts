import { charsetOf } from '../dicom/charset';
import { DataSet } from '../dicom/data-set';
import { DicomElement } from '../dicom/element';
import type { DicomObject } from '../dicom/parse-dicom';
import type { AesCipherName, KeyTransport } from './cms-algorithms';
import { encryptEnvelope } from './cms-encrypt';
import {
  ENCRYPTED_ATTRIBUTES_SEQUENCE,
  ENCRYPTED_CONTENT,
  ENCRYPTED_CONTENT_TRANSFER_SYNTAX,
  ENCRYPTED_CONTENT_TRANSFER_SYNTAX_UID,
  encodeEncryptedAttributes,
} from './encrypted-attributes-codec';
import { modifiedAttributesItem, type OriginalElement } from './modified-attributes';

export interface EncryptOriginalOptions {
  /** Content encryption; AES-256-CBC (GDCM's default) unless said otherwise. */
  readonly cipher?: AesCipherName;
  /** RSA PKCS #1 v1.5 (the default: what PS3.15 names and every re-identifier reads) or RSA-OAEP with SHA-256. */
  readonly keyTransport?: KeyTransport;
}

/**
 * PS3.15 E.1.1 reversible de-identification: encrypt the original values of what
 * de-identification changed or removed (`changed`, as DeidResult gives it) for one
 * recipient certificate, and add them to a copy of the de-identified object as an item
 * of the Encrypted Attributes Sequence (0400,0500): Encrypted Content Transfer Syntax
 * UID explicit VR LE, Encrypted Content a DER CMS ContentInfo { EnvelopedData }. This is
 * GDCM's layout, so `gdcmanon -d` re-identifies our output.
 *
 * An Encrypted Attributes Sequence the object already had (an earlier reversible
 * de-identification) is moved inside the new encrypted item rather than left beside
 * it: re-identification then peels exactly one layer, and GDCM, which reads only the
 * first item, reads ours.
 */
export function encryptOriginalAttributes(
  deidentified: DicomObject,
  changed: readonly OriginalElement[],
  recipientCertPem: string,
  options: EncryptOriginalOptions = {},
): DicomObject {
  const dataset = deidentified.dataset.clone();
  const item = modifiedAttributesItem(dataset, changed);
  const earlier = dataset.get(ENCRYPTED_ATTRIBUTES_SEQUENCE);
  if (earlier && !item.has(ENCRYPTED_ATTRIBUTES_SEQUENCE)) item.put(earlier);
  const content = encodeEncryptedAttributes(item, charsetOf(dataset.strings('00080005')));
  const der = encryptEnvelope(content, recipientCertPem, options);
  const encrypted = new DataSet().set(ENCRYPTED_CONTENT_TRANSFER_SYNTAX_UID, 'UI', ENCRYPTED_CONTENT_TRANSFER_SYNTAX).set(ENCRYPTED_CONTENT, 'OB', der);
  dataset.put(new DicomElement(ENCRYPTED_ATTRIBUTES_SEQUENCE, 'SQ', Object.freeze([encrypted])));
  return { ...deidentified, meta: deidentified.meta.clone(), dataset };
}
