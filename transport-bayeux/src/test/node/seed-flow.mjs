// Runs the seed's co-browse flow with the official CometD JavaScript client under Node and prints every
// reply and notification as one JSON line; CobrowseJsInteropIT asserts the shapes. Exit code 0 when the
// flow ran to its end, 1 on a timeout or a failed handshake (an {"event":"error"} line says why).
// Usage: node seed-flow.mjs <bayeux-url> <websocket|long-polling>
import {adapt} from "cometd-nodejs-client";

adapt();
const {CometD} = await import("cometd");

const [url, transport] = process.argv.slice(2);
const CHANNELS = ["/service/session/joined", "/service/session/activated", "/service/session/deactivated"];
const TIMEOUT_MS = 10000;

function emit(event) {
    process.stdout.write(JSON.stringify(event) + "\n");
}

function fail(why) {
    emit({event: "error", why: String(why)});
    process.exit(1);
}

async function member(who) {
    const cometd = new CometD();
    if (transport === "long-polling") {
        cometd.unregisterTransport("websocket");
    }
    cometd.configure({url, logLevel: "warn"});
    const received = [];
    const waiters = [];
    for (const channel of CHANNELS) {
        cometd.addListener(channel, (message) => {
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
        async next(channel) {
            const deadline = Date.now() + TIMEOUT_MS;
            for (;;) {
                const i = received.findIndex((m) => m.channel === channel);
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

try {
    const customer = await member("customer");
    const created = await customer.call("session/create", {});
    const sessionToken = created.data.sessionToken;
    const master = await customer.call("session/join", {sessionToken, role: 1, name: "John"});

    const agent = await member("agent");
    await agent.call("session/join", {sessionToken, role: 2, name: "Bob"});
    await customer.next("/service/session/joined");
    await customer.next("/service/session/activated");
    await agent.next("/service/session/activated");

    const controller = await member("controller");
    const joined = await controller.call("session/join", {sessionToken, role: 3});
    await customer.next("/service/session/joined");
    await agent.next("/service/session/joined");
    await controller.next("/service/session/activated");

    await customer.call("session/stop", {userToken: master.data.userToken});
    await controller.call("session/stop", {userToken: joined.data.userToken});
    await customer.next("/service/session/deactivated");
    await agent.next("/service/session/deactivated");
    await controller.next("/service/session/deactivated");
    await customer.call("session/exit", {userToken: master.data.userToken});

    for (const m of [customer, agent, controller]) {
        await new Promise((resolve) => m.cometd.disconnect(resolve));
    }
    emit({event: "done"});
    process.exit(0);
} catch (e) {
    fail(e && e.stack ? e.stack : e);
}
