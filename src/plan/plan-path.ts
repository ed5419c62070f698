/**
 * Dot paths into a Plan ("fleet.headroomShare", "fleet.otherKinds.0.weight"), as a type: a field
 * bound to a misspelt path fails the type check instead of showing an empty input.
 */
import type { Plan } from './schema';

type Leaf = string | number | boolean | null;
type Depth = [never, 0, 1, 2, 3, 4, 5];

/** Every path to a leaf or a whole array/object value of T, up to a few levels deep. */
export type PathsOf<T, D extends number = 5> = [D] extends [never]
  ? never
  : T extends Leaf
    ? never
    : T extends readonly (infer E)[]
      ? `${number}` | `${number}.${PathsOf<E, Depth[D]>}`
      : { [K in keyof T & string]: T[K] extends Leaf ? K : K | `${K}.${PathsOf<NonNullable<T[K]>, Depth[D]>}` }[keyof T & string];

export type PlanPath = PathsOf<Plan>;

/** The path's segments for the store's setField/getAtPath. */
export function pathSegments(path: PlanPath): string[] {
  return path.split('.');
}
