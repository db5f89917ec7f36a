// The whole seed flow of Genesys Co-browse 8.1 with the official CometD JavaScript client:
// create → master joins → slave joins (master gets "joined", both get "activated") →
// controller joins → controller stops (everyone gets "deactivated").
//
//   node seed-flow.mjs [http://127.0.0.1:8700/cobrowse/cometd] [--long-polling]
//
// Prints every request and answer as JSON lines: {"who":…,"channel":…,"data":…}.
import { adapt } from 'cometd-nodejs-client';
adapt();
const { CometD } = await import('cometd');

const args = process.argv.slice(2);
const url = args.find((a) => !a.startsWith('--')) ?? 'http://127.0.0.1:8700/cobrowse/cometd';
const longPolling = args.includes('--long-polling');
const TIMEOUT_MS = 10000;

function print(who, channel, data) {
  console.log(JSON.stringify({ who, channel, data }));
}

function client(who) {
  const cometd = new CometD(who);
  if (longPolling) {
    cometd.unregisterTransport('websocket');
  }
  cometd.configure({ url, logLevel: 'warn' });
  const seen = [];
  const waiters = [];
  for (const channel of ['/service/session/joined', '/service/session/activated', '/service/session/deactivated']) {
    cometd.addListener(channel, (message) => {
      print(who, channel, message.data);
      seen.push(channel);
      waiters.filter((w) => w.channel === channel).forEach((w) => w.resolve(message.data));
    });
  }
  return {
    cometd,
    handshake: () => new Promise((resolve, reject) => cometd.handshake((reply) => {
      if (reply.successful) {
        print(who, '/meta/handshake', { clientId: reply.clientId, transport: cometd.getTransport().type });
        resolve(reply);
      } else {
        reject(new Error(`${who}: handshake failed: ${JSON.stringify(reply)}`));
      }
    })),
    call: (channel, data) => new Promise((resolve, reject) => {
      print(who, channel + ' →', data);
      // remoteCall() takes the target without the /service prefix, which it adds itself.
      cometd.remoteCall(channel.replace(/^\/service/, ''), data, TIMEOUT_MS, (reply) => {
        if (reply.successful) {
          print(who, channel, reply.data);
          resolve(reply.data);
        } else {
          reject(new Error(`${who}: ${channel} failed: ${reply.error}`));
        }
      });
    }),
    next: (channel) => seen.includes(channel) ? Promise.resolve() : new Promise((resolve, reject) => {
      waiters.push({ channel, resolve });
      setTimeout(() => reject(new Error(`${who}: no ${channel} within ${TIMEOUT_MS} ms`)), TIMEOUT_MS).unref();
    }),
    disconnect: () => new Promise((resolve) => cometd.disconnect(() => resolve())),
  };
}

const customer = client('master');
const agent = client('slave');
const plugin = client('controller');
try {
  await Promise.all([customer.handshake(), agent.handshake(), plugin.handshake()]);
  const { sessionToken } = await customer.call('/service/session/create', {});
  await customer.call('/service/session/join', { sessionToken, role: 1, name: 'John' });
  const masterJoined = customer.next('/service/session/joined');
  const masterActivated = customer.next('/service/session/activated');
  const slaveActivated = agent.next('/service/session/activated');
  await agent.call('/service/session/join', { sessionToken, role: 2, name: 'Bob' });
  await Promise.all([masterJoined, masterActivated, slaveActivated]);
  const controller = await plugin.call('/service/session/join', { sessionToken, role: 3 });
  const ends = [customer, agent, plugin].map((c) => c.next('/service/session/deactivated'));
  await plugin.call('/service/session/stop', { userToken: controller.userToken });
  await Promise.all(ends);
  print('all', 'done', { sessionToken });
  await Promise.all([customer.disconnect(), agent.disconnect(), plugin.disconnect()]);
  process.exit(0);
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
