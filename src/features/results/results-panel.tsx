/** The outputs column minus the charts (which are their own feature, composed in app.tsx). */
import { FindingsList } from './findings-list';
import { HeadlineTiles } from './headline-tiles';
import { MemoryBar } from './memory-bar';

export function ResultsSummary() {
  return (
    <>
      <HeadlineTiles />
      <FindingsList />
      <MemoryBar />
    </>
  );
}
