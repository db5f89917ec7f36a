// Runs Tandem's page-stream channels with the official CometD JavaScript client under Node: a customer streams
// a snapshot and an increment, an agent receives them and a late agent the replay; control goes both ways; a
// wire version 2 message is refused. Prints every reply and notification as one JSON line for
// CobrowseJsInteropIT. Exit code 0 when the flow ran to its end, 1 otherwise ({"event":"error"} says why).
// Usage: node stream-flow.mjs <bayeux-url> <websocket|long-polling>
import {adapt} from "cometd-nodejs-client";

adapt();
const {CometD} = await import("cometd");

const [url, transport] = process.argv.slice(2);
const TIMEOUT_MS = 10000;
const PAGE = "https://shop.example/checkout";

function emit(event) {
    process.stdout.write(JSON.stringify(event) + "\n");
}

async function member(who) {
    const cometd = new CometD();
    if (transport === "long-polling") {
        cometd.unregisterTransport("websocket");
    }
    cometd.configure({url, logLevel: "warn", maxSendBayeuxMessageSize: 16 * 1024 * 1024});
    const received = [];
    const waiters = [];
    for (const channel of ["/service/session/stream", "/service/session/control"]) {
        cometd.addListener(channel, (message) => {
            if (message.id !== undefined) {
                return; // a reply: remoteCall has it
            }
            emit({event: "notification", who, message});
            received.push(message);
            waiters.splice(0).forEach((w) => w());
        });
    }
    await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(who + ": handshake timed out")), TIMEOUT_MS);
        cometd.handshake((reply) => {
            clearTimeout(timer);
            reply.successful ? resolve(reply) : reject(new Error(who + ": handshake failed " + JSON.stringify(reply)));
        });
    });
    emit({event: "handshake", who, transport: cometd.getTransport().type});
    return {
        cometd,
        call(target, data) {
            return new Promise((resolve) => {
                cometd.remoteCall(target, data, TIMEOUT_MS, (reply) => {
                    emit({event: "reply", who, target, message: reply});
                    resolve(reply);
                });
            });
        },
        async next(channel, predicate = () => true) {
            const deadline = Date.now() + TIMEOUT_MS;
            for (;;) {
                const i = received.findIndex((m) => m.channel === channel && predicate(m.data));
                if (i >= 0) {
                    return received.splice(i, 1)[0];
                }
                if (Date.now() > deadline) {
                    throw new Error(who + ": no notification on " + channel);
                }
                await new Promise((resolve) => {
                    waiters.push(resolve);
                    setTimeout(resolve, 100);
                });
            }
        },
    };
}

const snapshot = [
    {type: 4, data: {href: PAGE, width: 1024, height: 768}, timestamp: 1},
    {type: 2, timestamp: 2, data: {initialOffset: {top: 0, left: 0}, node: {type: 0, id: 1, childNodes: [
        {type: 2, id: 2, tagName: "html", attributes: {}, childNodes: [{type: 2, id: 3, tagName: "body", attributes: {}, childNodes: [
            {type: 2, id: 4, tagName: "input", attributes: {class: "sensitive", value: "****"}, childNodes: []},
            {type: 2, id: 5, tagName: "p", attributes: {}, childNodes: [{type: 3, id: 6, textContent: "Hello"}]},
        ]}]},
    ]}}},
];
const increment = [{type: 3, timestamp: 3, data: {source: 1, positions: [{x: 1, y: 2, id: 5, timeOffset: 0}]}}];
const leak = [{type: 3, timestamp: 4, data: {source: 5, id: 4, text: "4111 1111", isChecked: false}}];

try {
    const customer = await member("customer");
    const {data: {sessionToken}} = await customer.call("session/create", {});
    const {data: {userToken}} = await customer.call("session/join", {sessionToken, role: 1, name: "John"});
    await customer.call("session/page", {userToken, url: PAGE});
    await customer.call("session/rules", {userToken});

    const agent = await member("agent");
    const joined = await agent.call("session/join", {sessionToken, role: 2, name: "Bob"});
    await customer.next("/service/session/control");
    await customer.call("session/stream", {userToken, v: 1, seq: 1, events: snapshot, snapshot: true});
    await customer.call("session/stream", {userToken, v: 1, seq: 2, events: increment});
    await agent.next("/service/session/stream", (d) => d.seq === 1);
    await agent.next("/service/session/stream", (d) => d.seq === 2);

    const late = await member("late");
    await late.call("session/join", {sessionToken, role: 2, name: "Eve"});
    await late.next("/service/session/stream", (d) => d.replay === true && d.seq === 2);

    await agent.call("session/control", {userToken: joined.data.userToken, v: 1, type: "click", x: 1, y: 2, id: 5});
    await customer.next("/service/session/control", (d) => d.type === "click");
    await customer.call("session/control", {userToken, v: 1, type: "refused", of: "click", reason: "read-only element"});
    await agent.next("/service/session/control", (d) => d.type === "refused");
    await late.next("/service/session/control", (d) => d.type === "refused");

    await customer.call("session/stream", {userToken, v: 2, seq: 3, events: increment});
    await customer.call("session/stream", {userToken, v: 1, seq: 3, events: leak});
    await customer.call("session/stream", {userToken, v: 1, seq: 4, events: increment});
    await agent.next("/service/session/stream", (d) => d.seq === 4);

    for (const m of [customer, agent, late]) {
        await new Promise((resolve) => m.cometd.disconnect(resolve));
    }
    emit({event: "done"});
    process.exit(0);
} catch (e) {
    emit({event: "error", why: String(e && e.stack ? e.stack : e)});
    process.exit(1);
}
