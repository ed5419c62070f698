import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
const base = 'http://127.0.0.1:4401/';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--disable-sync'] });
for (let i=0;i<3;i++){
const ctx = await browser.newContext(); const page = await ctx.newPage();
await browser.startTracing(page, { path: `/tmp/fcpx/trace${i}.json`, categories: ['devtools.timeline','blink','loading','disabled-by-default-devtools.timeline','toplevel'] });
await page.goto(base);
await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0);
const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0].startTime);
await page.waitForTimeout(200);
await browser.stopTracing();
console.log('fcp', fcp);
await ctx.close();
}
await browser.close();
