// Records rrweb page streams with client-js's own capture (rrweb 2 record + client-js masking) in jsdom, and
// writes them as test fixtures for the server's mask check (MaskCheckTest). Not run by the build: run it again
// when client-js's masking or its rrweb version changes, and commit the output.
//
//   node src/test/node/rrweb-fixtures.mjs ../client-js src/test/resources/rrweb
//
// It needs client-js's node_modules (npm ci in client-js): jsdom, esbuild, @rrweb/record.
// Output, one JSON file per scenario: {"url":…,"rules":{…},"batches":[{"snapshot":bool,"events":[…]}…]}
//   honest.json      the real client: every masked value and text is masked
//   no-rules.json    the same page when the rules call failed: rule-masked content goes out unmasked
//   broken-mask.json a client whose mask function is not called (rrweb #1488): field values go out unmasked
import {createRequire} from "node:module";
import {mkdirSync, writeFileSync, mkdtempSync} from "node:fs";
import {join, resolve} from "node:path";
import {tmpdir} from "node:os";
import {pathToFileURL} from "node:url";

const [clientDir, outDir] = process.argv.slice(2).map((p) => resolve(p));
const require = createRequire(join(clientDir, "package.json"));
const {JSDOM} = require("jsdom");
const esbuild = require("esbuild");

const URL = "https://shop.example/checkout?step=2";
const RULES = {
    v: 1,
    mask: [
        {selector: ".sensitive"},
        {selector: "#checkout-only", url: "/checkout"},
        {selector: "#home-only", url: "/home$"},
        {selector: "div > .deep"},
    ],
    readonly: [],
};
const PAGE = `<!doctype html><html><head><title>Checkout</title><style>.sensitive { color: red }</style></head>
<body>
  <h1>Checkout</h1>
  <p class="sensitive" id="balance">Balance: 1234 EUR</p>
  <div class="sensitive" id="box"><input id="inside" value="INSIDE-CANARY"><span>Nested TEXT-CANARY</span></div>
  <input id="plain" value="visible">
  <input id="pw" type="password" value="PW-CANARY">
  <input id="toggled" type="password" value="TOGGLE-CANARY">
  <input id="hidden" type="hidden" value="HIDDEN-CANARY">
  <input id="cc" autocomplete="cc-number" value="4111111111111111">
  <input id="agree" type="checkbox" class="sensitive" value="yes" checked>
  <textarea class="sensitive" id="notes">NOTES-CANARY</textarea>
  <select class="sensitive" id="choice"><option value="a">Alpha</option><option value="b" selected>Beta</option></select>
  <p id="checkout-only">CHECKOUT-CANARY</p>
  <p id="home-only">Visible here</p>
  <div><p class="deep">Deep but checked by the browser only</p></div>
  <p id="becomes">BECOMES</p>
  <p class="sensitive" id="leaves">LEAVES-CANARY</p>
  <div id="host"></div>
  <ul id="list"><li>one</li></ul>
</body></html>`;

// client-js's capture, bundled for this run (TypeScript sources, rrweb included).
const bundleDir = mkdtempSync(join(tmpdir(), "rrweb-fixtures-"));
const entry = join(bundleDir, "entry.ts");
writeFileSync(entry, `export { startRecorder } from ${JSON.stringify(join(clientDir, "src/customer/recorder.ts"))};
export { MaskPolicy, PasswordMemory } from ${JSON.stringify(join(clientDir, "src/customer/masking.ts"))};`);
const bundle = join(bundleDir, "capture.mjs");
await esbuild.build({entryPoints: [entry], bundle: true, format: "esm", platform: "browser", outfile: bundle,
    nodePaths: [join(clientDir, "node_modules")], logLevel: "error"});

const settle = () => new Promise((r) => setTimeout(r, 80));

async function record(name, {rules, brokenMask}) {
    const dom = new JSDOM(PAGE, {url: URL, pretendToBeVisual: true});
    const w = dom.window;
    for (const key of Object.getOwnPropertyNames(w)) {
        if (!(key in globalThis)) {
            try {
                globalThis[key] = w[key];
            } catch {
                // read-only in node
            }
        }
    }
    globalThis.window = w;
    globalThis.document = w.document;
    const {startRecorder, MaskPolicy, PasswordMemory} = await import(pathToFileURL(bundle).href + "?" + name);
    const doc = w.document;
    const $ = (id) => doc.getElementById(id);
    const passwords = new PasswordMemory(doc);
    const policy = new MaskPolicy(rules, w.location.href, doc, passwords);
    if (brokenMask) {
        Object.defineProperty(policy, "maskInput", {value: (text) => text});
    }
    const batches = [];
    const recorder = startRecorder({policy, flushMs: 10, onBatch: (events, snapshot) => batches.push({snapshot, events})});
    await settle();

    const type = (el, value) => {
        el.value = value;
        el.dispatchEvent(new w.Event("input", {bubbles: true}));
    };
    type($("inside"), "TYPED-CANARY");
    type($("plain"), "hello world");
    await settle();
    $("toggled").type = "text";
    await settle();
    type($("toggled"), "SHOWN-CANARY");
    $("balance").firstChild.data = "Balance: 999 EUR";
    await settle();
    $("becomes").className = "sensitive";
    $("becomes").firstChild.data = "BECAME-CANARY";
    await settle();
    $("leaves").className = "";
    $("leaves").firstChild.data = "now public";
    await settle();
    const added = doc.createElement("div");
    added.className = "sensitive";
    added.innerHTML = "ADDED-CANARY <b>bold CANARY</b> <input value='ADDED-INPUT-CANARY'>";
    doc.body.appendChild(added);
    await settle();
    const shadow = $("host").attachShadow({mode: "open"});
    shadow.innerHTML = "<span class='sensitive'>SHADOW-CANARY</span><span>open shadow text</span>";
    await settle();
    type($("notes"), "NEW-NOTES-CANARY");
    $("choice").value = "a";
    $("choice").dispatchEvent(new w.Event("change", {bubbles: true}));
    $("agree").checked = false;
    $("agree").dispatchEvent(new w.Event("change", {bubbles: true}));
    await settle();
    $("inside").setAttribute("value", "ATTR-CANARY");
    $("list").appendChild(doc.createElement("li")).textContent = "two";
    $("box").appendChild($("plain"));
    await settle();
    recorder.takeFullSnapshot();
    await settle();
    recorder.stop();
    passwords.stop();
    writeFileSync(join(outDir, name + ".json"), JSON.stringify({url: w.location.href, serverRules: RULES, clientRules: rules, batches}, null, 1) + "\n");
    console.log(name + ": " + batches.length + " batches, " + batches.reduce((n, b) => n + b.events.length, 0) + " events");
    w.close();
}

mkdirSync(outDir, {recursive: true});
await record("honest", {rules: RULES});
await record("no-rules", {rules: {v: 1, mask: [], readonly: []}});
await record("broken-mask", {rules: RULES, brokenMask: true});
