/**
 * A rule that reads several fields (shares that must add up to 100%, threads ≥ cores) names the
 * fields that make it hold again when they go back to their defaults. restorePlan resets exactly
 * those, so a bad share sum costs the user that one group of one table, not the whole section
 * (the developers' rule: the last valid plan stays, nothing else is lost).
 */
export type RulePath = (string | number)[];

/** What a rule attaches to its issue: paths relative to the object that holds the flagged field. */
export interface RuleParams {
  resets: RulePath[];
}

/** A custom zod issue for a cross-field rule; `resets` must be fields whose defaults satisfy the rule. */
export const ruleIssue = (path: RulePath, message: string, resets: RulePath[]) => ({
  code: 'custom' as const,
  path,
  message,
  params: { resets } satisfies RuleParams,
});

/** The resets a zod issue carries, or null when its rule named none. */
export function ruleResets(issue: object): RulePath[] | null {
  const params: unknown = 'params' in issue ? issue.params : undefined;
  const resets: unknown = params !== null && typeof params === 'object' && 'resets' in params ? params.resets : undefined;
  return Array.isArray(resets) ? (resets as RulePath[]) : null;
}
