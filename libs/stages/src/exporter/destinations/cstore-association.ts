import { Client, log as dimseLog, association, requests } from 'dcmjs-dimse';
import { CStoreDestination, transferSyntaxInfo } from '@gantry/domain';
import { ExportItem } from './export-target';
import { RawDataset } from './raw-dataset';

const { CStoreRequest } = requests;
const { PresentationContext } = association;

/** Status per item: the SCP's C-STORE status, or undefined when no response came. */
export type BatchStatuses = Map<ExportItem, number | undefined>;

/** The association could not be established or broke: nothing of the batch is known to be stored. */
export class AssociationFailure extends Error {
  constructor(readonly code: 'CSTORE_REJECTED' | 'CSTORE_NETWORK') {
    super(code);
    this.name = 'AssociationFailure';
  }
}

/** Success, and the warnings with which an SCP still stored the object (PS3.4 GG.4, B.2.3). */
export function isStored(status: number | undefined): boolean {
  if (status === undefined) return false;
  return status === 0x0000 || status === 0x0001 || status === 0x0107 || status === 0x0116 || (status >= 0xb000 && status <= 0xbfff);
}

function addItem(client: Client, item: ExportItem, statuses: BatchStatuses): void {
  const request = new CStoreRequest(new RawDataset(item.bytes, item.sopClassUid, item.sopInstanceUid, item.transferSyntaxUid));
  statuses.set(item, undefined);
  request.on('response', (response: { getStatus(): number }) => statuses.set(item, response.getStatus()));
  client.addRequest(request);
  // A context offering only the object's own syntax, so an SCP that takes it is not asked to choose implicit VR.
  if (transferSyntaxInfo(item.transferSyntaxUid)?.encapsulated !== true) {
    client.addAdditionalPresentationContext(new PresentationContext(0, item.sopClassUid, item.transferSyntaxUid), true);
  }
}

/**
 * Sends a batch of objects over ONE association and reports each one's status. Rejects
 * with AssociationFailure when the association is refused or the connection fails.
 */
export function sendOverOneAssociation(d: CStoreDestination, items: readonly ExportItem[], timeoutMs = 60_000): Promise<BatchStatuses> {
  dimseLog.setLevel('silent');
  const client = new Client();
  const statuses: BatchStatuses = new Map();
  for (const item of items) addItem(client, item, statuses);
  return new Promise<BatchStatuses>((resolve, reject) => {
    client.on('associationRejected', () => reject(new AssociationFailure('CSTORE_REJECTED')));
    client.on('networkError', () => reject(new AssociationFailure('CSTORE_NETWORK')));
    client.on('closed', () => resolve(statuses));
    client.send(d.host, d.port, d.callingAe, d.calledAe, { connectTimeout: 10_000, associationTimeout: timeoutMs, pduTimeout: timeoutMs });
  });
}
