// Launch Debian's Chromium headless through playwright-core, with the flags these
// machines need (no sandbox in containers, nothing downloaded in the background).
// Every browser test and benchmark launches through here.
import { chromium } from 'playwright-core';

export const CHROMIUM_ARGS = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--disable-sync',
    // Debian's launcher decides this from `findmnt` of /dev/shm, and its test breaks when
    // that prints two mounts ("[: ...: unexpected operator" on CI): a small /dev/shm then
    // crashes tabs. Shared memory in /tmp is always safe.
    '--disable-dev-shm-usage',
];

export function launchChromium(extraArgs = []) {
    return chromium.launch({
        executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
        headless: true,
        args: [...CHROMIUM_ARGS, ...extraArgs],
    });
}
