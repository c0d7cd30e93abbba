// Firefox for the tests: Debian's firefox-esr (or the program LAB_FIREFOX names) driven headless
// over WebDriver BiDi by puppeteer-core.
//
//   node tests/firefox/driver.mjs <executable> <origin> <guards.json>   (tests/harness.py's FIREFOX)
//   node tests/firefox/driver.mjs - <origin> <guards.json>              ("-": $LAB_FIREFOX, else Debian's)
//
// One browser for the whole run. Commands come one JSON object a line on stdin, and each gets one
// JSON line on stdout: {"ok": true, "value": ...} or {"ok": false, "error": "..."}.
//   {"cmd": "open", "url": u, "origin": o}         a fresh page (the last one closed), guarded: its
//                                                  requests kept to o (by default <origin>)
//   {"cmd": "eval", "js": "(arg) => ...", "arg": a} the function's value, awaited
//   {"cmd": "wait", "js": "(arg) => ...", "arg": a, "timeout": ms}   until it returns truthy: that value
//   {"cmd": "click", "selector": s}                a real click (BiDi input actions), once it holds still
//   {"cmd": "keys", "keys": ["Control", "Enter"]}  pressed in order, released in reverse
//   {"cmd": "screenshot", "path": p}
//   {"cmd": "problems"}                            what the guards saw since the last ask, then forgotten
//   {"cmd": "allow", "pattern": re}                a console error a check provokes on purpose
//   {"cmd": "close"}
// The guards follow tests/guards.json, the rules the Chromium harness (tests/conftest.py) uses too.
import fs from "node:fs";
import readline from "node:readline";
import puppeteer from "puppeteer-core";

const [executableArg, origin, rulesPath] = process.argv.slice(2);
const executablePath = executableArg === "-" ? process.env.LAB_FIREFOX || "/usr/bin/firefox-esr"
  : executableArg;
const rules = JSON.parse(fs.readFileSync(rulesPath, "utf8"));
const harmless = rules.harmless_console.map((p) => new RegExp(p));
let allowed = [];
let problems = [];
let page = null;
let pageOrigin = origin;  // where the open page may send requests (tools/serve.py's isolated one too)

function isAllowed(url) {
  const u = new URL(url);
  return rules.allowed_schemes.includes(u.protocol.replace(/:$/, "")) || u.origin === pageOrigin;
}

function onConsole(message) {
  const text = message.text();
  if (message.type() !== "error" && !text.includes(rules.traceback)) return;
  if ([...harmless, ...allowed].some((p) => p.test(text))) return;
  problems.push(`console.${message.type()}: ${text.slice(0, 2000)}`);
}

const browser = await puppeteer.launch({
  browser: "firefox",
  executablePath,
  headless: true,
  extraPrefsFirefox: {
    // the fake camera: a synthetic picture, no permission prompt
    "media.navigator.streams.fake": true,
    "media.navigator.permission.disabled": true,
    // a video plays without a click, as the Chromium tests' autoplay flag allows
    "media.autoplay.default": 0,
  },
});

async function open(url, guardOrigin = origin, worker = false) {
  if (page) await page.close();
  pageOrigin = guardOrigin;
  page = await browser.newPage();
  await page.setViewport({width: 1280, height: 900});
  // as the Chromium harness: no service worker unless a test asks (its fetches escape the guard)
  if (!worker) await page.evaluateOnNewDocument(
    "if (navigator.serviceWorker) navigator.serviceWorker.register = async () => undefined;");
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    if (request.isInterceptResolutionHandled()) return;
    if (isAllowed(request.url())) return request.continue();
    problems.push(`request left the origin: ${request.url()}`);
    return request.abort("blockedbyclient");
  });
  page.on("console", onConsole);
  page.on("pageerror", (error) => {
    const text = String(error && error.message ? error.message : error);
    if (!allowed.some((p) => p.test(text))) problems.push(`uncaught: ${text.slice(0, 2000)}`);
  });
  await page.goto(url, {waitUntil: "load", timeout: 120_000});
}

async function handle(command) {
  switch (command.cmd) {
    case "open": return open(command.url, command.origin ?? origin, command.worker ?? false);
    case "eval": return page.evaluate(`(${command.js})(${JSON.stringify(command.arg ?? null)})`);
    case "wait": {
      const handle = await page.waitForFunction(
        `(${command.js})(${JSON.stringify(command.arg ?? null)})`,
        {timeout: command.timeout ?? 60_000, polling: 100});
      return handle.jsonValue();
    }
    case "click": {
      // puppeteer clicks where the element was: wait until the layout holds it still
      await page.waitForFunction((selector) => {
        const box = document.querySelector(selector)?.getBoundingClientRect();
        const now = box && JSON.stringify([box.x, box.y, box.width, box.height]);
        const still = now !== undefined && now === window.__labLastBox;
        window.__labLastBox = now;
        return still;
      }, {timeout: 30_000, polling: 100}, command.selector);
      return page.click(command.selector);
    }
    case "keys": {
      for (const key of command.keys) await page.keyboard.down(key);
      for (const key of [...command.keys].reverse()) await page.keyboard.up(key);
      return null;
    }
    case "screenshot": return page.screenshot({path: command.path, fullPage: true});
    case "problems": { const seen = problems; problems = []; allowed = []; return seen; }
    case "allow": allowed.push(new RegExp(command.pattern)); return null;
    case "close": await browser.close(); process.exit(0);
    default: throw new Error(`unknown command ${command.cmd}`);
  }
}

console.log(JSON.stringify({ok: true, value: await browser.version()}));
for await (const line of readline.createInterface({input: process.stdin})) {
  let reply;
  try {
    reply = {ok: true, value: (await handle(JSON.parse(line))) ?? null};
  } catch (error) {
    reply = {ok: false, error: String(error && error.stack ? error.stack : error)};
  }
  console.log(JSON.stringify(reply));
}
await browser.close();
