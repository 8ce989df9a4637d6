import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { EventContract } from './contract';

export interface Verdict {
  valid: boolean;
  /** JSON pointers and rules only: never the offending values. */
  problems: string[];
}

const describe = (where: string, errors: ErrorObject[] | null | undefined): string[] =>
  (errors ?? []).map((e) => `${where}${e.instancePath || '/'} ${e.message ?? e.keyword}`);

/** Validates a received message (headers and JSON body) against its event type's published schemas. */
export class EventValidator {
  private readonly compiled = new Map<string, { headers: ValidateFunction; payload: ValidateFunction }>();

  constructor(contracts: Iterable<EventContract>) {
    const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
    for (const c of contracts) this.compiled.set(c.type, { headers: ajv.compile(c.headers), payload: ajv.compile(c.payload) });
  }

  validate(type: string, headers: Record<string, string>, body: unknown): Verdict {
    const v = this.compiled.get(type);
    if (!v) return { valid: false, problems: [`unknown event type`] };
    const problems = [
      ...(v.headers(headers) ? [] : describe('headers', v.headers.errors)),
      ...(v.payload(body) ? [] : describe('data', v.payload.errors)),
    ];
    return { valid: problems.length === 0, problems };
  }
}
