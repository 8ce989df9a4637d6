import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from './create-logger';
import { GantryLogger } from './gantry-logger';
import { safe } from './log-fields';

function capture(): { lines: () => Record<string, unknown>[]; destination: { write(s: string): void } } {
  const raw: string[] = [];
  return {
    destination: { write: (s: string) => void raw.push(s) },
    lines: () => raw.join('').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('createLogger', () => {
  it('writes one JSON line per call with service, stage, level label and fields', () => {
    const out = capture();
    const logger = createLogger({ service: 'gantry-inspector', stage: 'inspect', destination: out.destination });
    logger.info('instance inspected', { instance: safe('9f86d081884c7d65'), findings: 2 });
    logger.debug('not at info level');
    const [line] = out.lines();
    expect(out.lines()).toHaveLength(1);
    expect(line).toMatchObject({
      level: 'info',
      service: 'gantry-inspector',
      stage: 'inspect',
      msg: 'instance inspected',
      instance: '9f86d081884c7d65',
      findings: 2,
    });
    expect(typeof line?.['time']).toBe('string');
  });

  it('redacts unvouched text and cannot overwrite the base fields', () => {
    const out = capture();
    const logger = createLogger({ service: 's', stage: 'st', level: 'trace', destination: out.destination });
    logger.trace('x', { name: 'DOE^JANE' as never, stage: safe('other') });
    expect(out.lines()[0]).toMatchObject({ level: 'trace', stage: 'st', field_stage: 'other', name: '[redacted]' });
  });

  it('carries child bindings on every line', () => {
    const out = capture();
    const logger = createLogger({ service: 's', stage: 'st', destination: out.destination }).child({ component: safe('relay') });
    logger.warn('lagging', { events: 12 });
    expect(out.lines()[0]).toMatchObject({ component: 'relay', events: 12, level: 'warn' });
  });

  it('writes to a file instead of stdout when given one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gantry-log-'));
    try {
      const file = join(dir, 'logs', 'gantry.log');
      const stdoutWrite = jest.spyOn(process.stdout, 'write');
      const logger = createLogger({ service: 's', stage: 'st', file });
      logger.error('failed', { attempt: 3 });
      await logger.flush();
      const [line] = (await readFile(file, 'utf8')).trim().split('\n');
      expect(JSON.parse(line ?? '{}')).toMatchObject({ level: 'error', msg: 'failed', attempt: 3, service: 's' });
      expect(stdoutWrite).not.toHaveBeenCalled();
      stdoutWrite.mockRestore();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('GantryLogger (Nest LoggerService)', () => {
  it("maps Nest's levels and its context and stack parameters", () => {
    const out = capture();
    const logger = GantryLogger.create({ service: 's', stage: 'st', level: 'trace', destination: out.destination });
    logger.log('Mapped {/health/live, GET} route', 'RouterExplorer');
    logger.verbose('details');
    logger.error('handler failed', 'Error: DOE^JANE is not a date\n    at parse (x.js:1:1)', 'ExceptionsHandler');
    logger.error(new TypeError('x'));
    const lines = out.lines();
    expect(lines.map((l) => l['level'])).toEqual(['info', 'trace', 'error', 'error']);
    expect(lines[0]).toMatchObject({ msg: 'Mapped {/health/live, GET} route', context: 'RouterExplorer' });
    expect(lines[2]).toMatchObject({ context: 'ExceptionsHandler', stack: 'at parse (x.js:1:1)' });
    expect(lines[3]).toMatchObject({ msg: 'error', err: { type: 'TypeError', message: '[redacted]' } });
    expect(JSON.stringify(lines)).not.toContain('DOE');
  });

  it('takes the most verbose enabled Nest level as threshold', () => {
    const out = capture();
    const logger = GantryLogger.create({ service: 's', stage: 'st', destination: out.destination });
    logger.setLogLevels(['error', 'warn']);
    logger.log('dropped');
    logger.warn('kept');
    expect(out.lines().map((l) => l['msg'])).toEqual(['kept']);
  });

  it('gives components a structured logger with their context', () => {
    const out = capture();
    GantryLogger.create({ service: 's', stage: 'st', destination: out.destination }).forContext('IngestService').info('stored', { bytes: 10 });
    expect(out.lines()[0]).toMatchObject({ context: 'IngestService', bytes: 10 });
  });
});
