import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { listFiles } from './corpus';
import { plantedFiles } from './planted-phi';

/** Runs a DICOM or PKI tool; a missing tool fails the test (never a skip). */
export function tool(name: string, args: readonly string[]): { status: number | null; out: string } {
  const path = `/usr/bin/${name}`;
  if (!existsSync(path)) throw new Error(`${path} is required (apt-get install dcmtk dicom3tools libgdcm-tools openssl)`);
  const r = spawnSync(path, [...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

/** Writes the planted patient's files under `dir`; returns their paths. */
export async function writePlanted(dir: string): Promise<string[]> {
  const paths: string[] = [];
  for (const f of plantedFiles()) {
    const path = join(dir, f.name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, f.bytes);
    paths.push(path);
  }
  return paths;
}

/** The remediated objects of an embedded deployment (filesystem blobs under its data dir). */
export const remediatedFiles = async (dataDir: string): Promise<string[]> => listFiles(join(dataDir, 'blobs', 'remediated'));

/** A deployment key file of fixed content (so two deployments can share a key), mode 0600. */
export async function fixedKey(path: string, byte: number): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${byte.toString(16).padStart(2, '0').repeat(32)}\n`, { mode: 0o600 });
  return path;
}

/** A recipient certificate and its private key, made by openssl: `{ cert, key }` paths. */
export function makeRecipient(dir: string): { cert: string; key: string } {
  const cert = join(dir, 'recipient-cert.pem');
  const key = join(dir, 'recipient-key.pem');
  const r = tool('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=gantry-recipient']);
  if (r.status !== 0) throw new Error(`openssl failed: ${r.out}`);
  return { cert, key };
}

/**
 * dciodvfy error lines reduced to their class: values, quoted text and numbers removed. A
 * UID counts as one number ('1.2.3' and '2.25.9' are both N): remapping a UID changes its
 * number of components, not the error.
 */
export function dciodvfyErrorClasses(path: string): Set<string> {
  const lines = tool('dciodvfy', [path]).out.split('\n').filter((l) => /\bError\b/.test(l));
  const classOf = (l: string): string =>
    l.replace(/Value=<[^>]*>/g, 'Value=<>').replace(/"[^"]*"/g, '""').replace(/\[[^\]]*\]/g, '[]').replace(/\d+(\.\d+)*/g, 'N').trim();
  return new Set(lines.map(classOf));
}
