/** The outputs column minus the charts (which are their own feature, composed in app.tsx). */
import { FindingsList } from './findings-list';
import { HeadlineTiles } from './headline-tiles';
import { MemoryBar } from './memory-bar';
import { SettingsGroups } from './settings-groups';

export function ResultsSummary() {
  return (
    <>
      <HeadlineTiles />
      <FindingsList />
      <MemoryBar />
    </>
  );
}

export function ResultsSettings() {
  return <SettingsGroups />;
}
