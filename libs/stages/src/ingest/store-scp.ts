import { Writable } from 'node:stream';
import { constants, Dataset, Scp, responses } from 'dcmjs-dimse';
import type { association as dimseAssociation, requests } from 'dcmjs-dimse';
import { IngestService } from './ingest.service';
import { IngestOutcome } from './ingest-outcome';
import { wrapPart10 } from './part10';

const { PresentationContextResult, RejectReason, RejectResult, RejectSource, SopClass, Status, TransferSyntax } = constants;

/** Transfer syntaxes our strict reader parses; the SCU's first proposed one among these wins. */
const ACCEPTED_SYNTAXES = new Set<string>([
  TransferSyntax.ExplicitVRLittleEndian,
  TransferSyntax.ImplicitVRLittleEndian,
  TransferSyntax.DeflatedExplicitVRLittleEndian,
  TransferSyntax.ExplicitVRBigEndian,
  TransferSyntax.RleLossless,
  TransferSyntax.JpegBaseline,
  '1.2.840.10008.1.2.4.51', // JPEG extended
  '1.2.840.10008.1.2.4.57', // JPEG lossless
  TransferSyntax.JpegLossless,
  TransferSyntax.JpegLsLossless,
  TransferSyntax.JpegLsLossy,
  TransferSyntax.Jpeg2000Lossless,
  TransferSyntax.Jpeg2000Lossy,
]);

export interface StoreScpOptions {
  ingest: IngestService;
  aeTitle: string;
  onError: (code: string) => void;
}

/** Collects one C-STORE dataset in memory as the PDVs arrive, without parsing it. */
class Collector extends Writable {
  readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: (e?: Error | null) => void): void {
    this.chunks.push(chunk);
    done();
  }
}

type Association = dimseAssociation.Association;

/**
 * A C-STORE SCP that keeps each received dataset byte for byte (dcmjs-dimse's default
 * would parse and may transcode it) and hands it to ingest wrapped as a Part 10 file.
 */
export function storeScpClass(opts: StoreScpOptions): typeof Scp {
  const received = new WeakMap<object, Collector>();
  return class GantryStoreScp extends Scp {
    private association?: Association;

    override associationRequested(association: Association): void {
      this.association = association;
      if (association.getCalledAeTitle().trim() !== opts.aeTitle) {
        this.sendAssociationReject(RejectResult.Permanent, RejectSource.ServiceUser, RejectReason.CalledAeNotRecognized);
        return;
      }
      for (const { id } of association.getPresentationContexts()) acceptContext(association.getPresentationContext(id));
      this.sendAssociationAccept();
    }

    override associationReleaseRequested(): void {
      this.sendAssociationReleaseResponse();
    }

    override cEchoRequest(request: requests.CEchoRequest, callback: (r: responses.CEchoResponse) => void): void {
      const response = responses.CEchoResponse.fromRequest(request);
      response.setStatus(Status.Success);
      callback(response);
    }

    override createStoreWritableStream(_context: unknown, request: requests.CStoreRequest): Writable {
      const collector = new Collector();
      received.set(request, collector);
      return collector;
    }

    override createDatasetFromStoreWritableStream(_w: Writable, context: dimseAssociation.PresentationContext, cb: (d: Dataset) => void): void {
      // An empty placeholder: the raw bytes are taken from the collector in cStoreRequest.
      cb(new Dataset({}, context.getAcceptedTransferSyntaxUid()));
    }

    override cStoreRequest(request: requests.CStoreRequest, callback: (r: responses.CStoreResponse) => void): void {
      const response = responses.CStoreResponse.fromRequest(request);
      this.store(request)
        .then((status) => response.setStatus(status))
        .catch(() => {
          opts.onError('CSTORE_INGEST_FAILED');
          response.setStatus(Status.ProcessingFailure);
        })
        .finally(() => callback(response));
    }

    private async store(request: requests.CStoreRequest): Promise<number> {
      const collector = received.get(request);
      const context = this.association?.getAcceptedPresentationContextFromRequest(request);
      if (!collector || !context) return Status.ProcessingFailure;
      const bytes = wrapPart10(
        {
          sopClassUid: request.getAffectedSopClassUid(),
          sopInstanceUid: request.getAffectedSopInstanceUid(),
          transferSyntaxUid: context.getAcceptedTransferSyntaxUid() ?? TransferSyntax.ImplicitVRLittleEndian,
          sourceAeTitle: this.association?.getCallingAeTitle(),
        },
        Buffer.concat(collector.chunks),
      );
      return statusOf(await opts.ingest.ingest(bytes, { source: 'cstore' }));
    }
  };
}

function acceptContext(context: dimseAssociation.PresentationContext): void {
  const syntax = context.getTransferSyntaxUids().find((ts) => ACCEPTED_SYNTAXES.has(ts));
  if (context.getAbstractSyntaxUid() === SopClass.Verification) {
    context.setResult(PresentationContextResult.Accept, context.getTransferSyntaxUids()[0]);
  } else if (syntax) {
    context.setResult(PresentationContextResult.Accept, syntax);
  } else {
    context.setResult(PresentationContextResult.RejectTransferSyntaxesNotSupported);
  }
}

/** PS3.4 Table B.2-1 "Error: Cannot understand". */
const CANNOT_UNDERSTAND = 0xc000;

/**
 * Duplicates are success (the store is idempotent); a UID conflict is a duplicate-instance
 * failure; any other rejection means the dataset could not be understood.
 */
function statusOf(outcome: IngestOutcome): number {
  if (outcome.kind !== 'rejected') return Status.Success;
  if (outcome.reason === 'UID_CONFLICT') return Status.DuplicateSOPInstance;
  return CANNOT_UNDERSTAND;
}
