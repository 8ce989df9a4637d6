import { stat } from 'node:fs/promises';
import { IncomingMessage, ServerResponse } from 'node:http';

/** Where s3rver keeps an object's bytes (its FilesystemStore layout). */
export type ObjectPathOf = (bucket: string, key: string) => string;

/**
 * s3rver answers ListMultipartUploads (`GET /<bucket>?uploads`) with NotImplemented, but
 * minio-js calls it before every multipart upload, to resume an unfinished one. As
 * s3rver never has an upload worth resuming for a client, an empty, valid listing is the
 * truthful answer. Returns true when it answered the request.
 */
export function answerListMultipartUploads(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'GET' || req.url === undefined) return false;
  const url = new URL(req.url, 'http://s3rver.local');
  const bucket = /^\/([^/]+)\/?$/.exec(url.pathname)?.[1];
  if (bucket === undefined || !url.searchParams.has('uploads')) return false;
  const body = listMultipartUploadsXml(decodeURIComponent(bucket), url.searchParams);
  res.writeHead(200, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
  return true;
}

function listMultipartUploadsXml(bucket: string, query: URLSearchParams): string {
  const field = (name: string, value: string): string => `<${name}>${escapeXml(value)}</${name}>`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
    field('Bucket', bucket),
    field('KeyMarker', query.get('key-marker') ?? ''),
    field('UploadIdMarker', query.get('upload-id-marker') ?? ''),
    field('NextKeyMarker', ''),
    field('NextUploadIdMarker', ''),
    field('Prefix', query.get('prefix') ?? ''),
    field('Delimiter', query.get('delimiter') ?? ''),
    field('MaxUploads', query.get('max-uploads') ?? '1000'),
    field('IsTruncated', 'false'),
    '</ListMultipartUploadsResult>',
  ].join('');
}

const escapeXml = (s: string): string =>
  s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c);

/**
 * s3rver answers HeadBucket (`HEAD /<bucket>`) by running ListObjects, which reads the
 * metadata of up to 1000 objects: with a few thousand objects every readiness probe of every
 * service (minio-js `bucketExists`) takes seconds and starves the server. S3 answers from
 * the bucket alone: 200 when it exists, 404 otherwise. Returns true when it answered the request.
 */
export async function answerHeadBucket(req: IncomingMessage, res: ServerResponse, bucketExists: (bucket: string) => Promise<boolean>): Promise<boolean> {
  if (req.method !== 'HEAD' || req.url === undefined) return false;
  const url = new URL(req.url, 'http://s3rver.local');
  const bucket = /^\/([^/]+)\/?$/.exec(url.pathname)?.[1];
  if (bucket === undefined || url.search !== '') return false;
  res.writeHead((await bucketExists(decodeURIComponent(bucket))) ? 200 : 404, { 'Content-Length': 0 });
  res.end();
  return true;
}

/**
 * s3rver answers a Range GET on an empty object with a Content-Length of 1 and no body,
 * so the client waits until it gives up. S3 answers 416 InvalidRange: do that instead.
 * Returns true when it answered the request.
 */
export async function answerEmptyObjectRange(req: IncomingMessage, res: ServerResponse, objectPathOf: ObjectPathOf): Promise<boolean> {
  if (req.method !== 'GET' || req.url === undefined || req.headers.range === undefined) return false;
  const match = /^\/([^/]+)\/(.+)$/.exec(new URL(req.url, 'http://s3rver.local').pathname);
  if (match?.[1] === undefined || match[2] === undefined) return false;
  const size = await stat(objectPathOf(decodeURIComponent(match[1]), decodeURIComponent(match[2])))
    .then((s) => s.size)
    .catch(() => undefined);
  if (size !== 0) return false;
  const body =
    '<?xml version="1.0" encoding="UTF-8"?><Error><Code>InvalidRange</Code>' +
    '<Message>The requested range is not satisfiable</Message></Error>';
  res.writeHead(416, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
  return true;
}
