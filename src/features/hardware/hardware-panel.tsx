/**
 * Hardware: a preset picker plus the four numbers the engine uses. Editing any number switches
 * the preset to "Custom" (done in the store, so it holds however the field is changed).
 */
import { useId } from 'react';
import { NumberField } from '../../fields/number-field';
import { Section } from '../../components/section';
import { CUSTOM_PRESET_ID, HARDWARE_PRESETS, findPreset } from '../../plan/presets';
import { usePlanStore } from '../../state/plan-store';

function PresetPicker() {
  const presetId = usePlanStore((s) => s.plan.hardware.presetId);
  const catalogId = usePlanStore((s) => s.plan.hardware.catalogId);
  const applyPreset = usePlanStore((s) => s.applyPreset);
  const id = useId();
  const preset = findPreset(presetId);
  return (
    <div className="nf">
      <div className="nf-row">
        <label htmlFor={id} className="nf-label">
          Server
        </label>
        <select id={id} className="nf-select nf-select-wide" value={preset ? presetId : CUSTOM_PRESET_ID} onChange={(e) => applyPreset(e.target.value)} data-testid="field-hardware.presetId">
          {HARDWARE_PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
          <option value={CUSTOM_PRESET_ID}>Custom</option>
        </select>
      </div>
      <p className="nf-hint" data-testid="hardware-source">
        {catalogId ? `Catalog entry ${catalogId} (see the Hardware catalog below). ` : ''}
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
