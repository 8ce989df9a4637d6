import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** A rendered manifest, as far as validation needs to know. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

export interface ModelVerdict {
  kind: string;
  name: string;
  /** `valid`, `invalid` (with the validator's message), or `no-model` (a CRD kubernetes-models does not ship). */
  result: 'valid' | 'invalid' | 'no-model';
  message?: string;
}

/** The kubernetes-models module of a kind: core and built-in groups, or KEDA's. */
function modelModule(apiVersion: string, kind: string): string | null {
  if (apiVersion.startsWith('keda.sh/')) return `@kubernetes-models/keda/${apiVersion}/${kind}`;
  if (apiVersion === 'v1' || /^[a-z0-9.]+\/v[0-9a-z]+$/.test(apiVersion)) {
    return apiVersion.includes('.') && !apiVersion.includes('.k8s.io/') ? null : `kubernetes-models/${apiVersion}/${kind}`;
  }
  return null;
}

type ModelClass = new (data: unknown) => { validate(): void };

async function verdictOf(m: Manifest): Promise<ModelVerdict> {
  const id = { kind: m.kind, name: m.metadata.name };
  const specifier = modelModule(m.apiVersion, m.kind);
  if (!specifier) return { ...id, result: 'no-model' };
  // The models are ES modules only: loaded with a native import() (kept as such by tsc for node16).
  const mod = (await import(specifier)) as Record<string, ModelClass | undefined>;
  const Model = mod[m.kind];
  if (!Model) return { ...id, result: 'no-model' };
  try {
    new Model(m).validate();
    return { ...id, result: 'valid' };
  } catch (e) {
    return { ...id, result: 'invalid', message: e instanceof Error ? e.message : String(e) };
  }
}

/** Validates manifests read as JSON from stdin; prints one verdict per manifest as JSON. */
async function main(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const manifests = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Manifest[];
  const verdicts: ModelVerdict[] = [];
  for (const m of manifests) verdicts.push(await verdictOf(m));
  process.stdout.write(JSON.stringify(verdicts));
}

/**
 * kubernetes-models and @kubernetes-models/keda are ES modules, which Jest's CommonJS runtime
 * cannot load: tests run this file's compiled form (tools/dist, built by `npm test`) in a
 * plain Node process instead. Offline: the validators are ajv code compiled from the schemas.
 */
export function validateWithModels(manifests: readonly Manifest[]): ModelVerdict[] {
  const script = join(__dirname, '..', '..', '..', 'dist', 'e2e', 'support', 'k8s-validate.js');
  const out = execFileSync(process.execPath, [script], { input: JSON.stringify(manifests), maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(out.toString('utf8')) as ModelVerdict[];
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`k8s-validate: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
}
