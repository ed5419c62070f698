/** Test support: calibrations (plan.measured) and hostile measurement file names, shared by the plan, share, state and export tests. */
import { fixture } from '../fixtures';
import type { Calibration } from '../measured';

export const MEASURED_SWEEP: Calibration = { files: ['c1.txt', 'c2.txt', 'meta.json'], date: '2026-12-01', fields: ['workload.cpuMs', 'workload.ioWaitMs'], confidence: 'high' };
export const MEASURED_MEMORY: Calibration = { files: ['ps-php-fpm.txt'], date: '2026-11-30', fields: ['phpfpm.childMemMiB'], confidence: null };

/** File names a disk allows (no "/") that would break out of a config line, a Markdown table or a code span, or reorder text. */
export const HOSTILE_FILE_NAMES = ['a\nlocation \\ {', '`rm -rf ~`.txt', '<img src=x onerror=alert(1)>.csv', '| a | b |\r\n# heading', '\u202eevil.txt', '*[link](javascript:alert(1))*', '``` sh', '$(reboot) ; } #', 'a\nlocation / {'];

/** The phpShop fixture as plain JSON with this `measured` section (valid or not). */
export const withMeasured = (measured: unknown): Record<string, unknown> => ({ ...(JSON.parse(JSON.stringify(fixture('phpShop'))) as Record<string, unknown>), measured });
