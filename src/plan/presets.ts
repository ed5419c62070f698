/**
 * Hardware presets from the reference documents (../shared/reference: the "High-Density
 * Production Tier" and the dedicated-server list with PassMark-style CPU benchmark scores).
 *
 * perCoreSpeed is relative to the Core i7-8700 (the default machine, speed 1.0), derived from
 * the documents' whole-CPU benchmark score divided by physical cores. That is a rough single-core
 * proxy (multi-core scores include SMT and turbo effects), so it is labelled as an estimate in the UI.
 * Core and thread counts are the CPU vendors' published figures for each model.
 */
export interface HardwarePreset {
  id: string;
  label: string;
  physicalCores: number;
  hardwareThreads: number;
  ramGiB: number;
  perCoreSpeed: number;
  /** Where the figures come from. */
  note: string;
}

// Reference: Core i7-8700, benchmark 13124 over 6 cores = 2187 per core.
const I7_8700_PER_CORE = 13124 / 6;
const speed = (benchmark: number, cores: number) => Math.round((benchmark / cores / I7_8700_PER_CORE) * 100) / 100;

export const HARDWARE_PRESETS: readonly HardwarePreset[] = [
  {
    id: 'i7-8700-64',
    label: 'Core i7-8700 · 6C/12T · 64 GB',
    physicalCores: 6,
    hardwareThreads: 12,
    ramGiB: 64,
    perCoreSpeed: 1,
    note: 'Reference list: 64 GB DDR4, benchmark 13124 (speed reference = 1.0)',
  },
  {
    id: 'i7-6700k-64',
    label: 'Core i7-6700K · 4C/8T · 64 GB',
    physicalCores: 4,
    hardwareThreads: 8,
    ramGiB: 64,
    perCoreSpeed: speed(8046, 4),
    note: 'Reference list: 64 GB DDR4, benchmark 8046',
  },
  {
    id: 'ryzen5-3600-64',
    label: 'Ryzen 5 3600 · 6C/12T · 64 GB',
    physicalCores: 6,
    hardwareThreads: 12,
    ramGiB: 64,
    perCoreSpeed: speed(17849, 6),
    note: 'Reference list: 64 GB, benchmark 17849',
  },
  {
    id: 'ryzen7-7700-64',
    label: 'Ryzen 7 7700 · 8C/16T · 64 GB',
    physicalCores: 8,
    hardwareThreads: 16,
    ramGiB: 64,
    perCoreSpeed: speed(35224, 8),
    note: 'Reference list: 64 GB DDR5, benchmark 35224',
  },
  {
    id: 'ryzen9-5950x-128',
    label: 'Ryzen 9 5950X · 16C/32T · 128 GB',
    physicalCores: 16,
    hardwareThreads: 32,
    ramGiB: 128,
    perCoreSpeed: speed(46045, 16),
    note: 'Reference list: 128 GB, benchmark 46045',
  },
  {
    id: 'ryzen9-7950x-128',
    label: 'Ryzen 9 7950X · 16C/32T · 128 GB',
    physicalCores: 16,
    hardwareThreads: 32,
    ramGiB: 128,
    perCoreSpeed: speed(63561, 16),
    note: 'Reference list: 128 GB DDR5 ECC, benchmark 63561',
  },
  {
    id: 'epyc-7502p-128',
    label: 'EPYC 7502P · 32C/64T · 128 GB',
    physicalCores: 32,
    hardwareThreads: 64,
    ramGiB: 128,
    perCoreSpeed: speed(48021, 32),
    note: 'Reference list: 128 GB, benchmark 48021',
  },
  {
    id: 'epyc-7502p-256',
    label: 'EPYC 7502P · 32C/64T · 256 GB',
    physicalCores: 32,
    hardwareThreads: 64,
    ramGiB: 256,
    perCoreSpeed: speed(48021, 32),
    note: 'Reference list: 256 GB, benchmark 48021',
  },
  {
    id: 'high-density-32c-256',
    label: 'High-density tier · 32C/64T · 256 GB',
    physicalCores: 32,
    hardwareThreads: 64,
    ramGiB: 256,
    perCoreSpeed: 1,
    note: 'Reference "High-Density Production Tier" for Gunicorn (Sapphire Rapids / Genoa, ≥ 2.8 GHz); no benchmark given, speed assumed 1.0',
  },
];

export const CUSTOM_PRESET_ID = 'custom';

export function findPreset(id: string): HardwarePreset | undefined {
  return HARDWARE_PRESETS.find((p) => p.id === id);
}
