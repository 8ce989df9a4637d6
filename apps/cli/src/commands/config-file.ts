import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { UsageError } from '../cli-error';

const MAX_YAML_ALIASES = 100;

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read the ${what} file`);
  }
}

/** YAML (and so JSON) text to data; a syntax error names its code and line, never the text. */
function parseText(text: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const err = doc.errors[0];
  if (err !== undefined) {
    const where = err.linePos?.[0] ? ` at line ${err.linePos[0].line}, column ${err.linePos[0].col}` : '';
    throw new UsageError(`invalid configuration\n  - /: must be valid YAML or JSON (${err.code}${where})`);
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) as unknown;
  } catch {
    throw new UsageError('invalid configuration\n  - /: must be valid YAML (alias expansion too large)');
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Fail closed at `config set`: a certificate that cannot encrypt would dead-letter every instance. */
function checkCertificate(pem: string): void {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    throw new UsageError('invalid configuration\n  - /deid/recipientCertificate: must be a PEM X.509 certificate');
  }
  if (cert.publicKey.asymmetricKeyType !== 'rsa') {
    throw new UsageError('invalid configuration\n  - /deid/recipientCertificate: must hold an RSA public key (PS3.15 key transport)');
  }
}

/**
 * A configuration file as data, ready for validation. `deid.recipientCertificateFile` (a
 * path, relative to the configuration file) is a convenience of the command line: it is
 * replaced by the certificate's PEM text, which is what the stored configuration carries.
 */
export async function readConfigFile(path: string): Promise<unknown> {
  const data = parseText(await readText(path, 'configuration'));
  if (!isObject(data) || !isObject(data['deid'])) return data;
  const deid = data['deid'];
  const certFile = deid['recipientCertificateFile'];
  if (certFile === undefined) {
    if (typeof deid['recipientCertificate'] === 'string') checkCertificate(deid['recipientCertificate']);
    return data;
  }
  if (typeof certFile !== 'string') throw new UsageError('invalid configuration\n  - /deid/recipientCertificateFile: must be a string (a path)');
  if (deid['recipientCertificate'] !== undefined) {
    throw new UsageError('invalid configuration\n  - /deid: recipientCertificate and recipientCertificateFile are mutually exclusive');
  }
  const pem = await readText(resolve(dirname(path), certFile), 'recipient certificate');
  checkCertificate(pem);
  const { recipientCertificateFile: _file, ...rest } = deid;
  return { ...data, deid: { ...rest, recipientCertificate: pem } };
}
