#!/usr/bin/env node
// npm test's pretest: the dashboard's browser tests drive Debian's Chromium. Install it where we can (root with
// apt-get, as on CI's machines); elsewhere say that those tests will be skipped. Never fails the test run.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

const chromium = process.env.EO_CHROMIUM ?? "/usr/bin/chromium";
const say = (m) => console.log(`ensure-chromium: ${m}`);
if (existsSync(chromium)) process.exit(0);
if (process.env.EO_CHROMIUM) {
  say(`EO_CHROMIUM names ${chromium}, which does not exist: the dashboard's browser tests will be skipped`);
  process.exit(0);
}
const hasApt = (() => {
  try {
    execFileSync("apt-get", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
if (!hasApt || process.getuid?.() !== 0) {
  say("no Chromium, and no apt-get as root to install it: the dashboard's browser tests will be skipped (apt-get install -y chromium)");
  process.exit(0);
}
say("installing Debian's chromium for the dashboard's browser tests (apt-get install -y chromium)");
const install = () => execFileSync("apt-get", ["install", "-y", "chromium"], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
try {
  install();
} catch {
  try {
    execFileSync("apt-get", ["update"], { stdio: "inherit" }); // stale package lists
    install();
  } catch (e) {
    say(`could not install chromium (${e.message}): the dashboard's browser tests will be skipped`);
  }
}
