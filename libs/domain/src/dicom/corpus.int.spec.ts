import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { DataSet } from './data-set';
import type { DicomElement } from './element';
import { DicomParseError } from './errors';
import { parseDicom, type DicomObject } from './parse-dicom';
import { TRANSFER_SYNTAX, transferSyntaxInfo } from './transfer-syntax';
import { writeDicom } from './write-dicom';

/**
 * pydicom's test corpus (installed with python3-pydicom): real-world files including
 * malformed ones. Every file must either parse or fail with a DicomParseError, and every
 * parsed file must survive parse -> write -> parse and be accepted by DCMTK's dcmdump.
 */
const DATA = '/usr/lib/python3/dist-packages/pydicom/data';
const ROOT = join(DATA, 'test_files');
const DCMDUMP = '/usr/bin/dcmdump';

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

type Outcome = { ok: true; obj: DicomObject } | { ok: false; error: unknown };
function tryParse(path: string): Outcome {
  try {
    return { ok: true, obj: parseDicom(readFileSync(path)) };
  } catch (error) {
    return { ok: false, error };
  }
}

const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

/** Comparable form of a value. Odd-length bytes gain one NUL of padding when written. */
function comparable(el: DicomElement, written: boolean): unknown {
  const v = el.value;
  if (v instanceof Uint8Array) return written ? hex(v) : hex(v) + (v.length % 2 === 1 ? '00' : '');
  if ('kind' in v) return { bot: hex(v.offsetTable), fragments: v.fragments.map((f) => hex(f) + (!written && f.length % 2 ? '00' : '')) };
  if (el.vr === 'SQ') return (v as readonly DataSet[]).map((item) => snapshot(item, written));
  return (v as readonly unknown[]).map(String);
}

/** Every element at every depth; group lengths excluded since the writer drops them. */
function snapshot(ds: DataSet, written: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const el of ds) if (!el.tag.endsWith('0000')) out[el.tag] = [el.vr, comparable(el, written)];
  return out;
}

const files = existsSync(ROOT) ? listFiles(ROOT).sort() : [];
const outcomes = new Map(files.map((f) => [relative(ROOT, f), tryParse(f)]));
const parsed = [...outcomes].filter((e): e is [string, { ok: true; obj: DicomObject }] => e[1].ok);
const outcomeOf = (name: string): Outcome => {
  const o = outcomes.get(name);
  if (!o) throw new Error(`corpus file ${name} is missing`);
  return o;
};

describe('pydicom corpus', () => {
  let workDir = '';
  beforeAll(() => {
    workDir = mkdtempSync(join(tmpdir(), 'gantry-corpus-'));
  });
  afterAll(() => {
    rmSync(workDir, { recursive: true, force: true });
    const codes: Record<string, number> = {};
    for (const o of outcomes.values()) {
      const key = o.ok ? 'parsed' : o.error instanceof DicomParseError ? o.error.code : 'OTHER';
      codes[key] = (codes[key] ?? 0) + 1;
    }
    console.log(`pydicom corpus: ${files.length} files`, codes);
  });

  it('is installed', () => {
    expect(files.length).toBeGreaterThanOrEqual(150);
    expect(existsSync(DCMDUMP)).toBe(true);
  });

  it.each(files.map((f) => relative(ROOT, f)))('%s parses or fails with a DicomParseError', (name) => {
    const o = outcomeOf(name);
    if (!o.ok) {
      expect(o.error).toBeInstanceOf(DicomParseError);
      expect((o.error as Error).message).not.toContain('unreadable structure');
      expect((o.error as Error).message).toMatch(/^[A-Z_]+( tag \([0-9A-F]{4},[0-9A-F]{4}\))?( offset \d+)?: [A-Za-z0-9 ]+$/);
    }
  });

  it.each([
    'CT_small.dcm', 'MR_small_bigendian.dcm', 'image_dfl.dcm', 'MR_small_implicit.dcm', 'JPEG2000.dcm',
    'MR_small_RLE.dcm', 'no_meta.dcm', 'ExplVR_BigEnd.dcm', 'ExplVR_BigEndNoMeta.dcm', 'ExplVR_LitEndNoMeta.dcm',
    'nested_priv_SQ.dcm', 'priv_SQ.dcm', 'UN_sequence.dcm', 'meta_missing_tsyntax.dcm', 'badVR.dcm', 'test-SR.dcm',
  ])('%s parses', (name) => {
    expect(outcomeOf(name)).toMatchObject({ ok: true });
  });

  it.each(['MR_truncated.dcm', 'rtplan_truncated.dcm'])('%s fails as truncated', (name) => {
    const o = outcomeOf(name);
    expect(o.ok).toBe(false);
    expect(['TRUNCATED', 'MALFORMED_LENGTH']).toContain((o as { error: DicomParseError }).error.code);
  });

  it.each(['README.txt', 'test1.json', 'zipMR.gz', 'rtplan.dump'])('%s is NOT_DICOM', (name) => {
    expect((outcomeOf(name) as { error: DicomParseError }).error.code).toBe('NOT_DICOM');
  });

  it('reads what the special files are known to contain', () => {
    const get = (name: string): DicomObject => (outcomeOf(name) as { obj: DicomObject }).obj;
    expect(get('MR_small_bigendian.dcm').transferSyntaxUid).toBe(TRANSFER_SYNTAX.EXPLICIT_BE);
    expect(get('image_dfl.dcm').transferSyntaxUid).toBe(TRANSFER_SYNTAX.DEFLATED_LE);
    expect(get('no_meta.dcm').hasPart10Header).toBe(false);
    expect(get('ExplVR_BigEndNoMeta.dcm')).toMatchObject({ hasPart10Header: false, transferSyntaxUid: TRANSFER_SYNTAX.EXPLICIT_BE });
    expect(get('meta_missing_tsyntax.dcm').transferSyntaxUid).toBe(TRANSFER_SYNTAX.IMPLICIT_LE);
    expect(get('ExplVR_BigEnd.dcm').dataset.string('StudyDate')).toBe('1997.04.24');
    expect(get('UN_sequence.dcm').dataset.sequence('4453100C')?.[0]?.sequence('ReferencedSeriesSequence')?.[0]?.string('SeriesInstanceUID')).toBe(
      '1.2.840.113619.2.327.3.185221411.476.1398588726.276',
    );
    expect(get('nested_priv_SQ.dcm').dataset.sequence('00010001')?.[0]?.sequence('00010001')).toHaveLength(1);
    expect(get('priv_SQ.dcm').dataset.sequence('3F031001')?.[0]?.has('ReferringPhysicianName')).toBe(true);
    const j2k = get('JPEG2000.dcm').dataset.value('PixelData');
    expect(j2k).toMatchObject({ kind: 'encapsulated' });
  });

  it('reads every encoding of MR_small to the same values (byte order converted)', () => {
    const base = snapshot(parseDicom(readFileSync(join(ROOT, 'MR_small.dcm'))).dataset, true);
    for (const name of ['MR_small_bigendian.dcm', 'MR_small_implicit.dcm', 'MR_small_expb.dcm']) {
      const other = snapshot(parseDicom(readFileSync(join(ROOT, name))).dataset, true);
      delete base.FFFCFFFC;
      delete other.FFFCFFFC;
      expect(other).toEqual(base);
    }
    expect(snapshot(parseDicom(readFileSync(join(ROOT, 'no_meta.dcm'))).dataset, true)).toEqual(
      snapshot(parseDicom(readFileSync(join(ROOT, 'CT_small.dcm'))).dataset, true),
    );
  });

  it.each(parsed.map(([name]) => name))('%s round-trips and dcmdump accepts our output', (name) => {
    const obj = (outcomeOf(name) as { obj: DicomObject }).obj;
    const out = writeDicom(obj);
    const again = parseDicom(out);
    const encapsulated = transferSyntaxInfo(obj.transferSyntaxUid)?.encapsulated === true;
    expect(again.transferSyntaxUid).toBe(encapsulated ? obj.transferSyntaxUid : TRANSFER_SYNTAX.EXPLICIT_LE);
    expect(snapshot(again.dataset, true)).toEqual(snapshot(obj.dataset, false));
    expect(Buffer.from(writeDicom(again)).equals(Buffer.from(out))).toBe(true);
    const path = join(workDir, 'out.dcm');
    writeFileSync(path, out);
    const run = spawnSync(DCMDUMP, [path], { encoding: 'utf8' });
    expect(run.error).toBeUndefined();
    expect(run.stderr.split('\n').filter((l) => l.startsWith('E:'))).toEqual([]);
    expect(run.status).toBe(0);
  });
});

describe('pydicom character set files', () => {
  const name = (file: string): string | undefined => parseDicom(readFileSync(join(DATA, 'charset_files', file))).dataset.string('PatientName');

  it.each([
    ['chrArab.dcm', 'قباني^لنزار'],
    ['chrFren.dcm', 'Buc^Jérôme'],
    ['chrGerm.dcm', 'Äneas^Rüdiger'],
    ['chrGreek.dcm', 'Διονυσιος'],
    ['chrH31.dcm', 'Yamada^Tarou=山田^太郎=やまだ^たろう'],
    ['chrH32.dcm', 'ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう'],
    ['chrHbrw.dcm', 'שרון^דבורה'],
    ['chrI2.dcm', 'Hong^Gildong=洪^吉洞=홍^길동'],
    ['chrKoreanMulti.dcm', '김희중'],
    ['chrRuss.dcm', 'Люкceмбypг'],
    ['chrX1.dcm', 'Wang^XiaoDong=王^小東='],
    ['chrX2.dcm', 'Wang^XiaoDong=王^小东='],
  ])('%s decodes Patient Name', (file, expected) => {
    expect(name(file)).toBe(expected);
    const obj = parseDicom(readFileSync(join(DATA, 'charset_files', file)));
    expect(parseDicom(writeDicom(obj)).dataset.string('PatientName')).toBe(expected);
  });

  it('decodes a sequence item under its own character set', () => {
    const obj = parseDicom(readFileSync(join(DATA, 'charset_files', 'chrSQEncoding.dcm')));
    const item = obj.dataset.sequence('00321064')?.[0];
    expect(item?.string('PatientName')).toBe('ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう');
  });
});
