/**
 * The d3 scales Recharts may build for our charts, and no others (issue 16: less JS).
 *
 * Recharts looks scales up by name in `import * as d3Scales from 'victory-vendor/d3-scale'`, which
 * keeps all of d3-scale in the bundle, with d3-time and d3-time-format for the time scales (23 KB
 * minified, 6.9 KB gzip of every session, measured with scripts/bundle-composition.ts) although
 * no chart of ours has a time axis. The build (scripts/recharts-scales.ts) points Recharts' import,
 * and only Recharts', at this module.
 *
 * Recharts' `scale="auto"` (our axes: none sets `scale`) gives 'linear' for number axes and
 * 'band' or 'point' for category axes; the continuous scales below cost little and are here so a
 * `scale="log"` axis works. A name missing from this list would silently fall back to 'point':
 * scripts/recharts-scales.test.ts fails if an axis in src/ names a scale not exported here, or
 * if Recharts imports one by name that is not.
 */
export { scaleBand, scaleLinear, scaleLog, scalePoint, scalePow, scaleSqrt } from 'victory-vendor/d3-scale';
