/**
 * The Bayeux connection of the bundles that carry CometD's official JavaScript client
 * (gcb.min.js, the agent console, chatAPI.min.js).
 */
import { CometD } from 'cometd';
import { CometdConnection, type BayeuxOptions } from './cometd-connection';

export * from './cometd-connection';

export class BayeuxConnection extends CometdConnection {
  constructor(options: BayeuxOptions) {
    super(new CometD('tandem'), options);
  }
}
