/** Recommended settings, grouped by the layer whose config file they belong in. */
import { Section } from '../../components/section';
import { WhyGroup } from '../../components/why-details';
import type { Explained } from '../../engine/types';
import { useAnalysis } from '../../state/use-analysis';
import { ExplainedRow } from './explained-row';

/** Settings objects are records of Explained values; the field name makes a stable test id. */
function Group({ id, title, settings, workersKey }: { id: string; title: string; settings: object; workersKey: string }) {
  const rows = Object.entries(settings as Record<string, Explained<unknown>>);
  return (
    <Section id={id} title={title} className="settings-group">
      <WhyGroup label={title}>
        <ul className="settings" data-testid={`settings-${id}`}>
          {rows.map(([name, item]) => (
            <ExplainedRow key={name} item={item} testId={name === workersKey ? 'out-workers' : `out-${id}-${name}`} />
          ))}
        </ul>
      </WhyGroup>
    </Section>
  );
}

/** The app server's settings ('app') or nginx's ('nginx'): each sits beside its own inputs. */
export function SettingsGroups({ layer }: { layer: 'app' | 'nginx' }) {
  const { gunicorn, phpfpm, nginx } = useAnalysis('live', (a) => a.web);
  return (
    <div className="settings-groups">
      {layer === 'app' && gunicorn ? <Group id="gunicorn" title="Gunicorn settings" settings={gunicorn} workersKey="workers" /> : null}
      {layer === 'app' && phpfpm ? <Group id="phpfpm" title="PHP-FPM settings" settings={phpfpm} workersKey="maxChildren" /> : null}
      {layer === 'nginx' ? <Group id="nginx" title="Nginx settings" settings={nginx} workersKey="" /> : null}
    </div>
  );
}
