import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
const base = 'http://127.0.0.1:4401/';
const html = readFileSync('/work/main/dist/index.html','utf8');
const noscr = html.replace(/<script>\(function\(\)\{var go[\s\S]*?<\/script>/,'');
const variants = {
  cur: noscr,
  noband: noscr.replace('box-shadow:0 6px 6px -6px #00000026','box-shadow:none'),
  nostick: noscr.replace(/position:sticky/g,'position:static'),
  noshadow: noscr.replace(/box-shadow:[^;}]*/g,'box-shadow:none'),
  bandborder: noscr.replace('box-shadow:0 6px 6px -6px #00000026','border-bottom:1px solid #d3d8de'),
};
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--disable-sync'] });
const res = {};
for (let round = 0; round < 9; round++) for (const [name, body] of Object.entries(variants)) {
  const ctx = await browser.newContext(); const page = await ctx.newPage();
  await page.route(base, r => r.fulfill({ contentType: 'text/html', body }));
  await page.goto(base);
  let fcp;
  for (;;) { fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime); if (fcp) break; await page.waitForTimeout(25); }
  (res[name] ??= []).push(Math.round(fcp));
  await ctx.close();
}
await browser.close();
for (const [k, v] of Object.entries(res)) { const s = [...v].sort((a,b)=>a-b); console.log(k.padEnd(10), 'median', s[4], v.join(' ')); }
