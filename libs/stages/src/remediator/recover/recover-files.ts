import { createPrivateKey } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { isGantryError, parseDicom, recoverOriginalAttributes, writeDicom } from '@gantry/domain';
import { filesUnder } from '../../common/files-under';
import { RecoveryError } from './recovery.error';

export interface RecoverySummary {
  found: number;
  recovered: number;
  /** Files not recovered, by reason code (NOT_DICOM, NO_ENCRYPTED_ATTRIBUTES, DECRYPTION_FAILED, …). */
  failed: Record<string, number>;
}

/** The recipient's RSA private key, checked once before any file is touched. */
function checkPrivateKey(pem: string): void {
  let type: string | undefined;
  try {
    type = createPrivateKey(pem).asymmetricKeyType;
  } catch (e) {
    throw new RecoveryError('INVALID_PRIVATE_KEY', 'the private key file does not hold an unencrypted PEM private key', { cause: e });
  }
  if (type !== 'rsa') throw new RecoveryError('INVALID_PRIVATE_KEY', 'PS3.15 key transport needs an RSA private key');
}

/** Each input file with the relative path it keeps under the output folder. */
async function* targets(inputs: readonly string[]): AsyncGenerator<{ file: string; rel: string }> {
  for (const input of inputs) {
    const isDir = await stat(input).then((s) => s.isDirectory(), () => false);
    for await (const file of filesUnder([input])) yield { file, rel: isDir ? relative(input, file) : basename(file) };
  }
}

/** One file: recovered (true) or the reason code it was not. */
async function recoverOne(file: string, target: string, privateKeyPem: string): Promise<true | string> {
  try {
    const recovered = recoverOriginalAttributes(parseDicom(await readFile(file)), privateKeyPem);
    const bytes = writeDicom(recovered);
    // Re-identified objects hold PHI again: readable by their owner only.
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    await writeFile(target, bytes, { mode: 0o600 });
    return true;
  } catch (e) {
    if (isGantryError(e)) return e.code;
    if ((e as NodeJS.ErrnoException).code !== undefined) return 'IO_ERROR';
    throw e;
  }
}

/**
 * PS3.15 E.1.2 re-identification of files and folders (recursive) for the holder of the
 * recipient's private key: each file's Encrypted Attributes Sequence is opened and its
 * originals put back; the result goes under `outDir` at the same relative path. Every
 * file found is counted as recovered or failed with a reason code.
 */
export async function recoverFiles(inputs: readonly string[], privateKeyPem: string, outDir: string): Promise<RecoverySummary> {
  checkPrivateKey(privateKeyPem);
  const out = resolve(outDir);
  if (inputs.some((i) => resolve(i) === out)) throw new RecoveryError('OUTPUT_IS_INPUT', 'the output folder must not be an input');
  const summary: RecoverySummary = { found: 0, recovered: 0, failed: {} };
  for await (const { file, rel } of targets(inputs)) {
    summary.found++;
    const result = await recoverOne(file, join(out, rel), privateKeyPem);
    if (result === true) summary.recovered++;
    else summary.failed[result] = (summary.failed[result] ?? 0) + 1;
  }
  return summary;
}
