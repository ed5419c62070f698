/**
 * The GSI inputs added by issues 12 and 13: projection (sized and exported the same), the number
 * of INCLUDE attributes, and the index's share of the table's Query calls (sized on the index).
 */
import { GSI_PROJECTIONS, type DynamoTable } from '../../plan/dynamodb-schema';
import { DynamoNumberField, DdbRadio } from './dynamo-fields';

const PROJECTION_LABELS: Record<(typeof GSI_PROJECTIONS.options)[number], string> = {
  ALL: 'ALL (whole item)',
  KEYS_ONLY: 'KEYS_ONLY',
  INCLUDE: 'INCLUDE (some attributes)',
};
const PROJECTION_OPTIONS = GSI_PROJECTIONS.options.map((value) => ({ value, label: PROJECTION_LABELS[value] }));

export function GsiProjectionFields({ table, index, gsi }: { table: number; index: number; gsi: DynamoTable['gsis'][number] }) {
  return (
    <>
      <DdbRadio table={table} path={['gsis', index, 'projection']} label="Projection" options={PROJECTION_OPTIONS} />
      {gsi.projection === 'INCLUDE' ? <DynamoNumberField table={table} path={['gsis', index, 'includedAttributes']} label="Included attributes" hint="NonKeyAttributes: at most 20 per index" /> : null}
      <DynamoNumberField table={table} path={['gsis', index, 'queryShare']} label="Queries sent to it" unit="%" scale={100} hint="Share of the table's Query calls served by this index" />
    </>
  );
}
