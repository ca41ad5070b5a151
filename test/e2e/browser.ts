// A real Chromium for dashboard tests, driven by playwright-core: Debian's package (npm test's pretest installs it
// where it can), else the tests that need it are skipped with the reason.
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

/** Where Debian puts it, unless EO_CHROMIUM names another binary. */
export const CHROMIUM = process.env.EO_CHROMIUM ?? "/usr/bin/chromium";

/** Why browser tests cannot run here, or undefined when they can. */
export const noBrowser: string | undefined = existsSync(CHROMIUM)
  ? undefined
  : `no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set EO_CHROMIUM): the dashboard's browser tests are skipped`;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
}
