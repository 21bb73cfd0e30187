// How every browser test and benchmark launches Debian's Chromium through
// playwright-core: never a downloaded browser, never --user-data-dir, and
// the background-networking flags that keep it off the closed network.
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];
