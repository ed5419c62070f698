/**
 * Hardware: a preset picker plus the four numbers the engine uses. Editing any number switches
 * the preset to "Custom" (done in the store, so it holds however the field is changed).
 */
import { useId } from 'react';
import { NumberField } from '../../fields/number-field';
import { Section } from '../../components/section';
import { CUSTOM_PRESET_ID, HARDWARE_PRESETS, findPreset } from '../../plan/presets';
import { chooseCatalogEntry } from '../../state/catalog-actions';
import { usePlanStore } from '../../state/plan-store';
import { useAnalysis } from '../../state/use-analysis';

const CATALOG_PREFIX = 'catalog:';

/**
 * One hardware picker: the presets, every entry of the loaded catalog, and Custom. A catalog entry
 * (picked here, in the catalog table or by the optimizer) shows its own name, not "Custom".
 */
function PresetPicker() {
  const presetId = usePlanStore((s) => s.plan.hardware.presetId);
  const catalogId = usePlanStore((s) => s.plan.hardware.catalogId);
  const applyPreset = usePlanStore((s) => s.applyPreset);
  const catalog = useAnalysis('settled', (a) => a.catalog?.catalog ?? null);
  const id = useId();
  const preset = findPreset(presetId);
  const entry = catalogId ? catalog?.entries.find((e) => e.id === catalogId) : undefined;
  const extra = catalog ? catalog.entries.filter((e) => !findPreset(e.id)) : [];
  const value = preset ? presetId : entry && !findPreset(entry.id) ? `${CATALOG_PREFIX}${entry.id}` : CUSTOM_PRESET_ID;
  const onChange = (v: string) => {
    const picked = v.startsWith(CATALOG_PREFIX) ? catalog?.entries.find((e) => `${CATALOG_PREFIX}${e.id}` === v) : undefined;
    if (picked && catalog) chooseCatalogEntry(picked, catalog.hoursPerMonth);
    else applyPreset(v);
  };
  return (
    <div className="nf">
      <div className="nf-row">
        <label htmlFor={id} className="nf-label">
          Server
        </label>
        <select id={id} className="nf-select nf-select-wide" value={value} onChange={(e) => onChange(e.target.value)} data-testid="field-hardware.presetId">
          {HARDWARE_PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
          {extra.length > 0 ? (
            <optgroup label="Hardware catalog">
              {extra.map((e) => (
                <option key={e.id} value={`${CATALOG_PREFIX}${e.id}`}>
                  {e.label}
                </option>
              ))}
            </optgroup>
          ) : null}
          <option value={CUSTOM_PRESET_ID}>Custom</option>
        </select>
      </div>
      <p className="nf-hint" data-testid="hardware-source">
        {catalogId ? `Catalog entry ${entry ? `${entry.label} (${catalogId})` : catalogId}. ` : ''}
        {preset ? preset.note : catalogId ? '' : 'Custom hardware: your own numbers.'}
      </p>
    </div>
  );
}

export function HardwarePanel() {
  return (
    <Section id="hardware" title="Hardware">
      <PresetPicker />
      <NumberField field="hardware.physicalCores" label="Physical cores" slider={{ min: 1, max: 128, step: 1 }} />
      <NumberField field="hardware.hardwareThreads" label="Hardware threads" slider={{ min: 1, max: 256, step: 1 }} hint="With SMT: usually 2 × cores." />
      <NumberField field="hardware.ramGiB" label="RAM" unit="GiB" slider={{ min: 1, max: 1024, log: true }} />
      <NumberField
        field="hardware.perCoreSpeed"
        label="Per-core speed"
        unit="×"
        slider={{ min: 0.25, max: 4, step: 0.05 }}
        hint="Relative to the machine the CPU ms were measured on (preset values are estimates from benchmark scores)."
      />
      <NumberField
        field="hardware.smtGain"
        label="SMT gain"
        unit="core"
        slider={{ min: 0, max: 1, step: 0.05 }}
        hint="What a second hardware thread adds to a busy core (0.25 = a quarter core, an assumption; 0 = ignore SMT). The Fleet panel explains the effective CPU capacity."
      />
    </Section>
  );
}
