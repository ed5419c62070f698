/**
 * One step to every section: a link each (they double as the skip links). Links carry `?s=<id>`,
 * so opening one in a new tab (or sharing the address bar) lands on that section; a plain click
 * stays on the page and moves focus there.
 */
import { SECTIONS, SECTION_PARAM, openSection } from './sections';

export function SectionNav() {
  return (
    <nav className="section-nav" aria-label="Sections">
      <ul>
        {SECTIONS.map((s) => (
          <li key={s.id}>
            <a
              href={`?${SECTION_PARAM}=${s.id}`}
              data-testid={`nav-${s.id}`}
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
