import type { ReactNode } from 'react';
import { WhyGroup } from './why-details';

/**
 * A titled panel. The heading id labels the region for screen-reader navigation. A panel with
 * `whyGroup` takes its "why" disclosures out of the Tab order behind one "Show every why" switch
 * (issue 15: the fleet, cluster, catalog and DynamoDB panels held 69 of them as Tab stops).
 */
export function Section({ id, title, children, className, whyGroup }: { id: string; title: string; children: ReactNode; className?: string; whyGroup?: boolean }) {
  return (
    <section className={`panel${className ? ` ${className}` : ''}`} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} data-testid={`${id}-heading`}>
        {title}
      </h2>
      {whyGroup ? <WhyGroup label={title}>{children}</WhyGroup> : children}
    </section>
  );
}
