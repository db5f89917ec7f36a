// The official CometD JavaScript client over WebSocket with a short maxNetworkDelay: remote calls, then more
// than three times maxNetworkDelay of quiet, then another remote call. Its WebSocket transport closes the
// socket ("Message Timeout") when a sent message gets no reply without data within maxNetworkDelay, so this
// checks that the server sends CometD's publish reply. Prints one JSON line: {"closes":n,"calls":n,...}.
// Exit code 0 when the calls were answered, 1 otherwise. Usage: node remote-call-keepalive.mjs <bayeux-url>
import {adapt} from "cometd-nodejs-client";

adapt();
const Native = window.WebSocket;
const closes = [];
window.WebSocket = class extends Native {
    constructor(...args) {
        super(...args);
        this.addEventListener("close", (e) => closes.push({code: e.code, reason: e.reason}));
    }
};
const {CometD} = await import("cometd");

const [url] = process.argv.slice(2);
const MAX_NETWORK_DELAY_MS = 400;
const cometd = new CometD();
cometd.configure({url, logLevel: "warn", maxNetworkDelay: MAX_NETWORK_DELAY_MS});

function call(n) {
    return new Promise((resolve, reject) => {
        cometd.remoteCall("echo", {n}, 5000, (reply) => (reply.successful ? resolve(reply) : reject(new Error(JSON.stringify(reply)))));
    });
}

try {
    await new Promise((resolve, reject) => cometd.handshake((r) => (r.successful ? resolve() : reject(new Error(JSON.stringify(r))))));
    const transport = cometd.getTransport().type;
    await call(1);
    await call(2);
    // the quiet period is the condition under test: the client's timers run out during it
    await new Promise((resolve) => setTimeout(resolve, 4 * MAX_NETWORK_DELAY_MS));
    await call(3);
    process.stdout.write(JSON.stringify({transport, calls: 3, closes}) + "\n");
    cometd.disconnect();
    process.exit(0);
} catch (error) {
    process.stdout.write(JSON.stringify({error: String(error), closes}) + "\n");
    process.exit(1);
}
