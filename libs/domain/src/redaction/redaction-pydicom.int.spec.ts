import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodecError } from '../codecs/codec-error';
import { decodeFrames, type DecodedPixels } from '../codecs/decode-frames';
import { encodeFrames, type EncodeTarget } from '../codecs/encode-frames';
import { parseDicom, type DicomObject } from '../dicom/parse-dicom';
import { writeDicom } from '../dicom/write-dicom';
import { redactPixels, type RedactionResult } from './redact-pixels';
import type { Zone } from './redaction-types';
import { verifyRedaction } from './verify-redaction';

/**
 * Every pydicom test file with pixel data: decode, redact the top-left quarter, check
 * inside/outside exactly, write, and have DCMTK read the result (dcmdump), decompress
 * our RLE and JPEG-LS variants (dcmdrle, dcmdjpls) to the very same pixels, and
 * dciodvfy find no error class the input did not have. Tools missing fail the test.
 */
const DIR = '/usr/lib/python3/dist-packages/pydicom/data/test_files';
const UID = '2.25.987654321';

/** Files that cannot be decoded, and why; anything else failing is a regression. */
const EXPECTED_FAILURES: Readonly<Record<string, string>> = {
  'JPEG2000-embedded-sequence-delimiter.dcm': 'DECODE_FAILED', // SIZ marker overwritten; GDCM fails too
  'badVR.dcm': 'INVALID_PIXEL_MODULE', // Number of Frames '1A'
  'liver_1frame.dcm': 'UNSUPPORTED_PIXEL_FORMAT', // Bits Allocated 1
  'liver_expb_1frame.dcm': 'UNSUPPORTED_PIXEL_FORMAT', // Bits Allocated 1
  'meta_missing_tsyntax.dcm': 'INVALID_PIXEL_MODULE', // Pixel Data without an Image Pixel module
  'nested_priv_SQ.dcm': 'INVALID_PIXEL_MODULE', // Pixel Data without an Image Pixel module
};

let work = '';
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'gantry-redact-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(tool: string, args: string[]): { status: number | null; out: string } {
  const r = spawnSync(tool, args, { encoding: 'utf8' });
  if (r.error) throw r.error;
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

/** dciodvfy error lines reduced to their class: values, numbers and quoted text removed. */
function errorClasses(path: string): Set<string> {
  const lines = run('/usr/bin/dciodvfy', [path]).out.split('\n').filter((l) => /\bError\b/.test(l));
  return new Set(lines.map((l) => l.replace(/Value=<[^>]*>/g, 'Value=<>').replace(/"[^"]*"/g, '""').replace(/\[[^\]]*\]/g, '[]').replace(/\d+/g, 'N').trim()));
}

/**
 * The input's error classes. dciodvfy cannot read deflated datasets (image_dfl) or a
 * dataset in another VR encoding than declared (SC_rgb_jpeg), so such an input is first
 * rewritten unchanged, by DCMTK (dcmconv +te) or failing that by our writer, to see the
 * errors it really has.
 */
function inputErrorClasses(path: string, name: string, obj: DicomObject): Set<string> {
  const direct = errorClasses(path);
  if (![...direct].some((e) => e.includes('Dicom dataset read failed'))) return direct;
  const readable = join(work, `${name}.baseline.dcm`);
  if (run('/usr/bin/dcmconv', ['+te', path, readable]).status === 0) return errorClasses(readable);
  return errorClasses(save(`${name}.rewritten.dcm`, obj));
}

function save(name: string, obj: DicomObject): string {
  const path = join(work, name);
  writeFileSync(path, writeDicom(obj));
  return path;
}

const pixelFiles = readdirSync(DIR)
  .filter((f) => f.endsWith('.dcm'))
  .sort()
  .filter((f) => {
    try {
      return parseDicom(new Uint8Array(readFileSync(join(DIR, f)))).dataset.has('PixelData');
    } catch {
      return false;
    }
  });

const quarter = (d: DecodedPixels): Zone[] => [{ x: 0, y: 0, width: Math.ceil(d.info.columns / 2), height: Math.ceil(d.info.rows / 2) }];

/** Decompress our encapsulated output with DCMTK and require exactly our redacted pixels. */
async function checkWithDcmtk(name: string, r: RedactionResult, zones: Zone[], tool: string): Promise<void> {
  const src = save(`${name}.${tool}.in.dcm`, r.object);
  const dst = join(work, `${name}.${tool}.out.dcm`);
  const res = run(`/usr/bin/${tool}`, [src, dst]);
  expect({ tool, status: res.status }).toEqual({ tool, status: 0 });
  const decoded = await decodeFrames(parseDicom(new Uint8Array(readFileSync(dst))));
  expect(verifyRedaction(r.original, decoded, zones, r.fill)).toMatchObject({ ok: true });
}

const report: string[] = [];
afterAll(() => process.stdout.write(`\npydicom redaction report:\n${report.join('\n')}\n`));

describe('redaction of every decodable pydicom test file', () => {
  it('has the DICOM tools it needs', () => {
    for (const tool of ['dcmdump', 'dcmdrle', 'dcmdjpls', 'dcmconv', 'dciodvfy']) expect(existsSync(`/usr/bin/${tool}`)).toBe(true);
    expect(pixelFiles.length).toBeGreaterThan(40);
  });

  it.each(pixelFiles)('%s', async (name) => {
    const path = join(DIR, name);
    const obj = parseDicom(new Uint8Array(readFileSync(path)));
    let original: DecodedPixels;
    try {
      original = await decodeFrames(obj);
    } catch (e) {
      if (!(e instanceof CodecError)) throw e;
      report.push(`  not decodable: ${name} (${obj.transferSyntaxUid}): ${e.code}`);
      expect(e.code).toBe(EXPECTED_FAILURES[name]);
      return;
    }
    expect(EXPECTED_FAILURES[name]).toBeUndefined();
    const zones = quarter(original);
    const native = await redactPixels(obj, zones, { newSopInstanceUid: UID });
    const out = save(`${name}.native.dcm`, native.object);
    const reread = await decodeFrames(parseDicom(new Uint8Array(readFileSync(out))));
    expect(verifyRedaction(original, reread, zones, native.fill)).toMatchObject({ ok: true, framesChecked: original.frames.length });
    const dump = run('/usr/bin/dcmdump', [out]);
    expect({ status: dump.status, errors: dump.out.split('\n').filter((l) => l.startsWith('E:')) }).toEqual({ status: 0, errors: [] });
    const before = inputErrorClasses(path, name, obj);
    const added = [...errorClasses(out)].filter((e) => !before.has(e));
    expect(added).toEqual([]);
    const variants: string[] = [];
    for (const [target, tool] of [['rle', 'dcmdrle'], ['jpeg-ls-lossless', 'dcmdjpls']] as [EncodeTarget, string][]) {
      try {
        const r = await redactPixels(obj, zones, { newSopInstanceUid: UID, target });
        await checkWithDcmtk(name, r, zones, tool);
        variants.push(target);
      } catch (e) {
        if (!(e instanceof CodecError) || target !== 'jpeg-ls-lossless') throw e;
        variants.push(`no ${target} (${e.code})`);
      }
    }
    report.push(`  redacted + verified: ${name} (${obj.transferSyntaxUid}, ${original.frames.length} frame(s), ${original.info.photometric}): native, ${variants.join(', ')}`);
  });
});

describe('encodeFrames output readable by DCMTK', () => {
  it('keeps lossy history when a lossy source is written losslessly', async () => {
    const obj = parseDicom(new Uint8Array(readFileSync(join(DIR, 'SC_rgb_jpeg_dcmtk.dcm'))));
    const d = await decodeFrames(obj);
    const out = await encodeFrames(obj, d.frames, 'explicit-le', d.info);
    expect(out.dataset.string('LossyImageCompression')).toBe('01');
    expect(out.dataset.string('PhotometricInterpretation')).toBe('RGB');
  });
});
