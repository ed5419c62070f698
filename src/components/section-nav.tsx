/**
 * One step to every section: a link each, the open one marked as current (they double as the
 * skip links). Links carry `?s=<id>`, so opening one in a new tab (or sharing the address bar)
 * lands on that section; a plain click opens it in place and moves focus there.
 */
import { SECTIONS, SECTION_PARAM, openSection, type SectionId } from './sections';

export function SectionNav({ current }: { current: SectionId }) {
  return (
    <nav className="section-nav" aria-label="Sections">
      <ul>
        {SECTIONS.map((s) => (
          <li key={s.id}>
            <a
              href={`?${SECTION_PARAM}=${s.id}`}
              data-testid={`nav-${s.id}`}
              aria-current={s.id === current ? 'page' : undefined}
              onClick={(e) => {
                if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
                e.preventDefault();
                openSection(s.id);
              }}
            >
              {s.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
