import type { KeyObject } from 'node:crypto';
import { charsetOf, type Charset } from '../dicom/charset';
import type { DataSet } from '../dicom/data-set';
import type { DicomObject } from '../dicom/parse-dicom';
import { tagGroup } from '../dicom/tag';
import { decryptEnvelope } from './cms-decrypt';
import {
  decodeEncryptedAttributes,
  ENCRYPTED_ATTRIBUTES_SEQUENCE,
  ENCRYPTED_CONTENT,
  ENCRYPTED_CONTENT_TRANSFER_SYNTAX_UID,
} from './encrypted-attributes-codec';
import { loadRsaPrivateKey } from './recipient-keys';
import { ReversibleError } from './reversible-error';

/** Decrypt one Encrypted Attributes item into its Modified Attributes item. */
function openItem(item: DataSet, key: KeyObject, charset: Charset): DataSet {
  const tsUid = item.string(ENCRYPTED_CONTENT_TRANSFER_SYNTAX_UID);
  const content = item.bytes(ENCRYPTED_CONTENT);
  if (!tsUid || !content || content.length === 0) {
    throw new ReversibleError('MALFORMED_CONTENT', 'Encrypted Attributes item lacks (0400,0510) or (0400,0520)');
  }
  return decodeEncryptedAttributes(decryptEnvelope(content, key), tsUid, charset);
}

/**
 * The first item this key opens. PS3.15 allows several Encrypted Attributes Data Sets
 * (one per recipient, say); ours is the one whose CMS names a key we hold.
 */
function openFirst(items: readonly DataSet[], key: KeyObject, charset: Charset): DataSet {
  const errors: unknown[] = [];
  for (const item of items) {
    try {
      return openItem(item, key, charset);
    } catch (e) {
      if (!(e instanceof ReversibleError)) throw e;
      errors.push(e);
    }
  }
  if (errors.length === 1) throw errors[0];
  throw new ReversibleError('DECRYPTION_FAILED', 'no Encrypted Attributes item opens with this private key', { cause: new AggregateError(errors) });
}

/** File meta that agrees with the restored SOP Class and Instance UIDs. */
function metaFor(meta: DataSet, dataset: DataSet): DataSet {
  const out = meta.clone();
  const instance = dataset.string('00080018');
  const sopClass = dataset.string('00080016');
  if (instance !== undefined) out.set('00020003', 'UI', instance);
  if (sopClass !== undefined) out.set('00020002', 'UI', sopClass);
  return out;
}

/**
 * PS3.15 E.1.2 re-identification, on a copy: decrypt an item of the Encrypted
 * Attributes Sequence (0400,0500) with the recipient's RSA private key (PEM), decode it
 * in its Encrypted Content Transfer Syntax, and move every attribute of the Modified
 * Attributes item into the data set, replacing dummies and restoring what was removed.
 * Then, as E.1.2 step 3 says, Patient Identity Removed (0012,0062) becomes NO and
 * De-identification Method (0012,0063) and its Code Sequence (0012,0064) go.
 *
 * The Encrypted Attributes Sequence is removed first, as GDCM does: once the originals
 * are back it protects nothing, and a stale copy of the identity encrypted for some
 * recipient should not follow the identified object around. If the encrypted originals
 * held an earlier (0400,0500), that earlier layer comes back with them.
 */
export function recoverOriginalAttributes(obj: DicomObject, privateKeyPem: string): DicomObject {
  const items = obj.dataset.sequence(ENCRYPTED_ATTRIBUTES_SEQUENCE);
  if (!items || items.length === 0) throw new ReversibleError('NO_ENCRYPTED_ATTRIBUTES', 'the object has no Encrypted Attributes Sequence');
  const key = loadRsaPrivateKey(privateKeyPem);
  const originals = openFirst(items, key, charsetOf(obj.dataset.strings('00080005')));
  const dataset = obj.dataset.clone();
  dataset.delete(ENCRYPTED_ATTRIBUTES_SEQUENCE);
  // File meta has no place in a data set, whatever a foreign de-identifier encrypted.
  for (const el of originals.elements()) if (tagGroup(el.tag) !== 0x0002) dataset.put(el);
  dataset.set('00120062', 'CS', 'NO');
  dataset.delete('00120063');
  dataset.delete('00120064');
  return { ...obj, meta: metaFor(obj.meta, dataset), dataset };
}
