// A feature is a closed area (src/features/<area>/{api,components}): it imports from its own
// folder and from the shared parts (src/api, src/components, src/lib, src/locales), never from
// another feature. Views that combine features do it in src/routes or src/app (bulletproof-react).
import path from "node:path";

const FEATURE = /[\\/]src[\\/]features[\\/]([^\\/]+)[\\/]/;

/** The feature a path is inside, or null. */
function featureOf(file) {
  const match = FEATURE.exec(file);
  return match ? match[1] : null;
}

/** @type {import("eslint").Rule.RuleModule} */
export const noCrossFeatureImports = {
  meta: {
    type: "problem",
    docs: { description: "features/<a> must not import features/<b>: share through src/api, src/lib or src/components" },
    messages: {
      cross: "features/{{from}} imports features/{{to}} ('{{source}}'): move the shared part to src/api, src/lib or src/components, or combine the two in a route.",
    },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const from = featureOf(file);
    if (!from) return {};
    const check = (node) => {
      const source = node.source && node.source.type === "Literal" ? node.source.value : null;
      if (typeof source !== "string" || !source.startsWith(".")) return;
      const to = featureOf(path.resolve(path.dirname(file), source) + path.sep);
      if (to && to !== from) context.report({ node, messageId: "cross", data: { from, to, source } });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

export default { rules: { "no-cross-feature-imports": noCrossFeatureImports } };
