// A test double of the Tandem server, for running the end-to-end suite before the real server's
// page stream exists, and as an executable reading of SERVER-CONTRACT.md. NOT the product server:
// no persistence, no limits, no security beyond what the tests need.
//
// It serves the built bundles (dist/tandem-web, or $TANDEM_WEB) at /cobrowse/js, /cobrowse/agent,
// /demo, a CSS proxy at /cobrowse/rest/css, and a minimal Bayeux server at /cobrowse/cometd
// (WebSocket and long-polling) with the co-browse channels.
//
//   node e2e/mock-server.mjs [port]       (default 8700)
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomInt, randomUUID } from 'node:crypto';
import { WebSocketServer } from 'ws';

const here = fileURLToPath(new URL('.', import.meta.url));
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.map': 'application/json', '.txt': 'text/plain' };
const CONNECT_HOLD_MS = 10000;

export const DEFAULT_RULES = { v: 1, mask: [{ selector: '.sensitive' }], readonly: [{ selector: '.agent-readonly' }] };

export function startMockServer({ port = 8700, web = process.env.TANDEM_WEB || resolve(here, '../dist/tandem-web'), rules = DEFAULT_RULES } = {}) {
  const clients = new Map(); // clientId -> { queue: [], hold: null | { flush(): void }, ws: null | WebSocket }
  const sessions = new Map(); // token -> { users: Map<userToken, user>, log: [], seq, activationTime, historyId }
  const byUserToken = new Map(); // userToken -> { token, user }

  function deliver(clientId, message) {
    const client = clients.get(clientId);
    if (!client) return;
    if (client.ws) client.ws.send(JSON.stringify([message]));
    else {
      client.queue.push(message);
      client.hold?.flush();
    }
  }

  function notify(session, channel, data, filter = () => true, ext) {
    for (const user of session.users.values()) {
      if (filter(user) && user.clientId) deliver(user.clientId, ext ? { channel, data, ext } : { channel, data });
    }
  }

  function deactivate(token, reason) {
    const session = sessions.get(token);
    if (!session) return;
    notify(session, '/service/session/deactivated', { activationTime: session.activationTime ?? null, deactivationTime: Date.now() }, () => true, { tandem: { reason } });
    for (const userToken of session.users.keys()) byUserToken.delete(userToken);
    sessions.delete(token);
  }

  const services = {
    '/service/session/create': () => {
      let token;
      do token = String(randomInt(100000000, 1000000000)); while (sessions.has(token));
      sessions.set(token, { users: new Map(), log: [], seq: 0, activationTime: null, historyId: randomUUID(), nextUserId: 1 });
      return { sessionToken: token };
    },
    '/service/session/join': (data, clientId) => {
      const session = sessions.get(String(data.sessionToken));
      if (!session) throw new Error('404::no session with this token; check the 9 digits');
      if (![1, 2, 3].includes(data.role)) throw new Error('400::role must be 1 (master), 2 (slave) or 3 (controller)');
      let user = data.userToken ? session.users.get(data.userToken) : undefined;
      if (user) {
        user.clientId = clientId; // resume after a page load
      } else {
        if (data.userToken) throw new Error('404::unknown userToken for this session');
        const userToken = randomUUID();
        user = { userToken, userId: String(session.nextUserId++), role: data.role, name: data.name, clientId };
        session.users.set(userToken, user);
        byUserToken.set(userToken, { token: String(data.sessionToken), user });
      }
      notify(session, '/service/session/joined', { userId: user.userId, role: user.role, name: user.name }, (u) => u !== user);
      if (user.role === 2 && session.activationTime === null) {
        session.activationTime = Date.now();
        notify(session, '/service/session/activated', { activationTime: session.activationTime });
      }
      if (user.role !== 1 && session.log.length) {
        // a late or reconnecting agent gets the current page from the server at once
        setTimeout(() => deliver(clientId, { channel: '/service/session/stream', data: { v: 1, seq: session.seq, events: session.log.flat(), replay: true } }), 0);
      }
      return {
        userToken: user.userToken,
        userId: Number(user.userId),
        users: [...session.users.values()].map((u) => ({ userId: u.userId, role: u.role, name: u.name })),
        sessionHistoryId: session.historyId,
      };
    },
    '/service/session/exit': (data) => {
      const found = byUserToken.get(data.userToken);
      if (!found) throw new Error('404::unknown userToken');
      if (found.user.role === 1) deactivate(found.token, 'self');
      else {
        sessions.get(found.token)?.users.delete(data.userToken);
        byUserToken.delete(data.userToken);
      }
      return {};
    },
    '/service/session/stop': (data) => {
      const found = byUserToken.get(data.userToken);
      if (!found || found.user.role !== 3) throw new Error('403::only a controller can stop a session');
      deactivate(found.token, 'external');
      return {};
    },
    '/service/session/page': (data) => {
      if (!byUserToken.get(data.userToken)) throw new Error('404::unknown userToken');
      return {};
    },
    '/service/session/rules': (data) => {
      if (!byUserToken.get(data.userToken)) throw new Error('404::unknown userToken');
      return rules;
    },
    '/service/session/stream': (data) => {
      const found = byUserToken.get(data.userToken);
      if (!found || found.user.role !== 1) throw new Error('403::only the master streams the page');
      if (data.v !== 1) throw new Error(`400::wire version ${data.v} is not supported by this server (it speaks 1)`);
      const session = sessions.get(found.token);
      if (data.snapshot) session.log = [];
      session.log.push(data.events);
      session.seq++;
      notify(session, '/service/session/stream', { v: 1, seq: session.seq, events: data.events, ...(data.snapshot ? { snapshot: true } : {}) }, (u) => u.role !== 1);
      return {};
    },
    '/service/session/control': (data) => {
      const found = byUserToken.get(data.userToken);
      if (!found) throw new Error('404::unknown userToken');
      if (data.v !== 1) throw new Error(`400::wire version ${data.v} is not supported by this server (it speaks 1)`);
      const session = sessions.get(found.token);
      const { userToken, ...body } = data;
      const toMaster = found.user.role !== 1;
      notify(session, '/service/session/control', { ...body, from: found.user.userId }, (u) => (toMaster ? u.role === 1 : u.role !== 1));
      return {};
    },
  };

  /** Handles one batch of Bayeux messages; `reply` gets the immediate replies, held connects reply later. */
  function handle(messages, transport, send) {
    const replies = [];
    let held = null;
    for (const m of messages) {
      const base = { id: m.id, channel: m.channel };
      if (m.channel === '/meta/handshake') {
        const clientId = randomUUID().replace(/-/g, '');
        clients.set(clientId, { queue: [], hold: null, ws: transport.ws ?? null, connects: 0 });
        transport.clientId = clientId;
        replies.push({ ...base, version: '1.0', supportedConnectionTypes: ['websocket', 'long-polling'], clientId, successful: true, advice: { reconnect: 'retry', interval: 0, timeout: CONNECT_HOLD_MS } });
        continue;
      }
      const client = clients.get(m.clientId);
      if (!client) {
        replies.push({ ...base, successful: false, error: '402::unknown client', advice: { reconnect: 'handshake', interval: 0 } });
        continue;
      }
      if (transport.ws) client.ws = transport.ws;
      if (m.channel === '/meta/connect') {
        client.connects++;
        const reply = { ...base, successful: true, advice: { reconnect: 'retry', interval: 0, timeout: CONNECT_HOLD_MS } };
        if (client.connects === 1 || client.queue.length) {
          replies.push(...client.queue.splice(0), reply);
        } else {
          held = { client, reply };
        }
      } else if (m.channel === '/meta/disconnect') {
        clients.delete(m.clientId);
        replies.push({ ...base, successful: true });
      } else if (m.channel.startsWith('/meta/')) {
        replies.push({ ...base, successful: true });
      } else {
        const service = services[m.channel];
        try {
          if (!service) throw new Error('404::unknown channel ' + m.channel);
          replies.push({ ...base, successful: true, data: service(m.data ?? {}, m.clientId) });
        } catch (error) {
          replies.push({ ...base, successful: false, error: error.message.includes('::') ? error.message : '500::' + error.message });
        }
      }
    }
    if (!held) {
      send(replies);
      return;
    }
    const { client, reply } = held;
    if (transport.ws) {
      if (replies.length) send(replies);
      const timer = setTimeout(() => send([reply]), CONNECT_HOLD_MS);
      client.hold = { flush() {}, cancel: () => clearTimeout(timer) };
      return;
    }
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      client.hold = null;
      send([...replies, ...client.queue.splice(0), reply]);
    };
    const timer = setTimeout(finish, CONNECT_HOLD_MS);
    client.hold = { flush: () => setTimeout(finish, 5) };
  }

  async function serveFile(res, file) {
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  }

  const server = createServer(async (req, res) => {
    res.setHeader('access-control-allow-origin', req.headers.origin ?? '*');
    const url = new URL(req.url, `http://${req.headers.host}`);
    const path = decodeURIComponent(url.pathname);
    if (path.startsWith('/cobrowse/cometd')) {
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      let messages;
      try {
        messages = JSON.parse(Buffer.concat(chunks).toString('utf8') || '[]');
      } catch {
        res.writeHead(400).end('bad json');
        return;
      }
      handle(Array.isArray(messages) ? messages : [messages], {}, (replies) => {
        res.writeHead(200, { 'content-type': 'application/json;charset=utf-8' });
        res.end(JSON.stringify(replies));
      });
      return;
    }
    if (path === '/cobrowse/rest/css') {
      const target = url.searchParams.get('url') ?? '';
      let sheet;
      try {
        sheet = new URL(target);
      } catch {
        res.writeHead(400).end('url must be absolute');
        return;
      }
      const allowedHosts = [req.headers.host, req.headers.host.replace('127.0.0.1', 'localhost'), req.headers.host.replace('localhost', '127.0.0.1')];
      if (!allowedHosts.includes(sheet.host) || !sheet.pathname.startsWith('/demo/')) {
        res.writeHead(403).end('origin not allowed');
        return;
      }
      return serveFile(res, join(web, 'demo', normalize(sheet.pathname.substring('/demo/'.length)).replace(/^(\.\.[/\\])+/, '')));
    }
    const roots = [['/cobrowse/js/', 'js'], ['/cobrowse/agent/', 'agent'], ['/demo/', 'demo']];
    for (const [prefix, dir] of roots) {
      if (path === prefix.slice(0, -1)) {
        res.writeHead(302, { location: prefix }).end();
        return;
      }
      if (path.startsWith(prefix)) {
        const rel = normalize(path.substring(prefix.length) || 'index.html').replace(/^(\.\.[/\\])+/, '');
        return serveFile(res, join(web, dir, rel.endsWith('/') ? rel + 'index.html' : rel));
      }
    }
    if (path === '/') {
      res.writeHead(302, { location: '/demo/' }).end();
      return;
    }
    res.writeHead(404).end('not found');
  });

  const wss = new WebSocketServer({ server, path: '/cobrowse/cometd', maxPayload: 16 * 1024 * 1024 });
  wss.on('connection', (ws) => {
    const transport = { ws };
    ws.on('message', (raw) => {
      let messages;
      try {
        messages = JSON.parse(raw.toString('utf8'));
      } catch {
        return;
      }
      handle(Array.isArray(messages) ? messages : [messages], transport, (replies) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(replies)));
    });
    ws.on('close', () => {
      for (const client of clients.values()) {
        if (client.ws === ws) {
          client.ws = null;
          client.hold?.cancel?.();
        }
      }
    });
  });

  return new Promise((resolveStart) => {
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolveStart({
        url: `http://127.0.0.1:${address.port}`,
        sessions,
        close: () =>
          new Promise((done) => {
            for (const ws of wss.clients) ws.terminate();
            wss.close();
            server.closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const port = Number(process.argv[2] ?? 8700);
  startMockServer({ port }).then(({ url }) => console.log(`Tandem mock server on ${url} — demo ${url}/demo/ , console ${url}/cobrowse/agent/`));
}
