/**
 * Renders public/icons/icon.svg into the PNG icons of the web app manifest (192 and 512 px), with
 * the Chromium the browser tests use. Run after changing the drawing: `npx tsx scripts/make-icons.ts`
 * (the PNGs are committed; the build does not run this).
 */
import { readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';


const svg = readFileSync(new URL('../public/icons/icon.svg', import.meta.url), 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  for (const px of [192, 512]) {
    const page = await browser.newPage({ viewport: { width: px, height: px } });
    await page.setContent(`<body style="margin:0">${svg.replace('<svg ', `<svg width="${px}" height="${px}" `)}</body>`);
    await page.screenshot({ path: new URL(`../public/icons/icon-${px}.png`, import.meta.url).pathname, omitBackground: false });
    await page.close();
  }
} finally {
  await browser.close();
}
console.log('icons: wrote public/icons/icon-192.png and icon-512.png');
