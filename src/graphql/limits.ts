/**
 * Depth and cost limits, as a validation rule: a query deeper than MAX_DEPTH or selecting more
 * than MAX_FIELDS fields (fragments expanded, aliases counted) is refused before it runs.
 * The walk stops as soon as the field budget is spent, so nested fragment spreads that would
 * expand exponentially cost no more than MAX_FIELDS steps.
 */
import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

export const MAX_DEPTH = 6;
export const MAX_FIELDS = 300;

export function limitsRule(ctx: ValidationContext): ASTVisitor {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of ctx.getDocument().definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  let fields = 0;
  let steps = 0;
  const walk = (set: SelectionSetNode, depth: number, seen: Set<string>): number => {
    let max = depth;
    for (const s of set.selections) {
      if (fields > MAX_FIELDS || ++steps > MAX_FIELDS * 4) break;
      if (s.kind === Kind.FIELD) {
        fields++;
        // Introspection's `ofType` (List of NonNull of X...) is one object per level, never a list:
        // it does not count as depth, so tools' standard introspection query fits the limit.
        const next = s.name.value === 'ofType' ? depth : depth + 1;
        if (s.selectionSet) max = Math.max(max, walk(s.selectionSet, next, seen));
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        max = Math.max(max, walk(s.selectionSet, depth, seen));
      } else {
        // Cycles are reported by graphql's own NoFragmentCycles rule; here they are just not followed.
        const f = fragments.get(s.name.value);
        if (f && !seen.has(f.name.value))
          max = Math.max(max, walk(f.selectionSet, depth, new Set([...seen, f.name.value])));
      }
    }
    return max;
  };
  return {
    OperationDefinition(op) {
      fields = 0;
      steps = 0;
      const depth = walk(op.selectionSet, 1, new Set());
      if (fields > MAX_FIELDS || steps > MAX_FIELDS * 4) {
        ctx.reportError(
          new GraphQLError(
            `Query is too costly: it selects more than ${MAX_FIELDS} fields (the limit)`,
            { extensions: { code: 'QUERY_TOO_COSTLY' } },
          ),
        );
      } else if (depth > MAX_DEPTH) {
        ctx.reportError(
          new GraphQLError(`Query is too deep: depth ${depth} exceeds the limit of ${MAX_DEPTH}`, {
            extensions: { code: 'QUERY_TOO_DEEP' },
          }),
        );
      }
    },
  };
}
