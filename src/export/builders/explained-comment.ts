/**
 * One-line comments that tie a written setting back to the engine's explanation.
 */
import type { Explained } from '../../engine/types';

/** `label: formula` plus a pin marker; README.md holds the full reason. */
export function formulaComment(e: Explained<unknown>): string {
  return `${e.label}: ${e.formula}${e.pinned ? ' [pinned]' : ''}`;
}
