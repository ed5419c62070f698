/**
 * A rule that reads several fields (shares that must add up to 100%, threads ≥ cores) names the
 * fields that make it hold again when they go back to their defaults. restorePlan resets exactly
 * those, so a bad share sum costs the user that one group of one table, not the whole section
 * (the developers' rule: the last valid plan stays, nothing else is lost).
 */
export type RulePath = (string | number)[];

/**
 * What a rule attaches to its issue: `resets`, paths relative to the object that holds the flagged
 * field; or `replaceWith`, a value for the flagged field itself that makes the rule hold (a
 * duplicate name gets a free one, so the user's name survives as its stem and nothing else moves).
 */
export type RuleParams = { resets: RulePath[] } | { replaceWith: string };

/** A custom zod issue for a cross-field rule; `resets` must be fields whose defaults satisfy the rule. */
export const ruleIssue = (path: RulePath, message: string, resets: RulePath[]) => ({
  code: 'custom' as const,
  path,
  message,
  params: { resets } satisfies RuleParams,
});

const paramsOf = (issue: object): object | null => {
  const params: unknown = 'params' in issue ? issue.params : undefined;
  return params !== null && typeof params === 'object' ? params : null;
};

/** The resets a zod issue carries, or null when its rule named none. */
export function ruleResets(issue: object): RulePath[] | null {
  const params = paramsOf(issue);
  const resets: unknown = params && 'resets' in params ? params.resets : undefined;
  return Array.isArray(resets) ? (resets as RulePath[]) : null;
}

/** The replacement a zod issue carries for its flagged field, or null. */
export function ruleReplacement(issue: object): string | null {
  const params = paramsOf(issue);
  const value: unknown = params && 'replaceWith' in params ? params.replaceWith : undefined;
  return typeof value === 'string' ? value : null;
}

/**
 * A name not in `taken` (lower-cased names): `name-2`, `name-3`, …, the stem cut so the result
 * stays within `maxLength`. The caller's names are tokens of [A-Za-z0-9_-], so the suffix keeps
 * the result one.
 */
export function freeName(name: string, taken: ReadonlySet<string>, maxLength: number): string {
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${name.slice(0, maxLength - suffix.length)}${suffix}`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}
