import { BaseRpcContext } from '@nestjs/microservices';
import { GantryEvent } from '@gantry/domain';

export interface DeliveryInfo {
  consumer: string;
  /** 1 on first delivery. */
  deliveryCount: number;
  event: GantryEvent;
}

/** Context handed to stage handlers (`@Ctx()`), the same on every transport. */
export class GantryContext extends BaseRpcContext<[DeliveryInfo]> {
  get delivery(): DeliveryInfo {
    return this.args[0];
  }
  get consumer(): string {
    return this.args[0].consumer;
  }
  get deliveryCount(): number {
    return this.args[0].deliveryCount;
  }
  get event(): GantryEvent {
    return this.args[0].event;
  }
}
