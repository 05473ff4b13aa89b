/**
 * Callback attribute names, ported from fastcore `fastcore/basics.py`
 * (`camel2snake`, `class2attr`). fastai's `Callback.name` is `class2attr(self, 'Callback')`
 * and `Learner.add_cb` does `setattr(self, cb.name, cb)` (fastai/callback/core.py,
 * fastai/learner.py): that is why `learn.activation_stats` / `learn.recorder` exist.
 */

// fastcore: _camel_re1 = re.compile('(.)([A-Z][a-z]+)'); _camel_re2 = re.compile('([a-z0-9])([A-Z])').
// Python's re.sub replaces every non-overlapping match, left to right: the `g` flag does the same.
const CAMEL_RE1 = /(.)([A-Z][a-z]+)/g;
const CAMEL_RE2 = /([a-z0-9])([A-Z])/g;

/** CamelCase → snake_case, exactly fastcore's two regex passes then lower(). */
export function camel2snake(name: string): string {
  const s1 = name.replace(CAMEL_RE1, "$1_$2");
  return s1.replace(CAMEL_RE2, "$1_$2").toLowerCase();
}

/**
 * fastcore: `camel2snake(re.sub(rf'{cls_name}$', '', name) or cls_name.lower())`.
 * The suffix is stripped once, only at the end; a name that is only the suffix
 * ("Callback") becomes the lowercased suffix ("callback"), as in fastcore.
 * fastcore interpolates the suffix into a regex; we strip it literally (same for word suffixes).
 */
export function class2attr(name: string, suffix = "Callback"): string {
  const stripped = suffix !== "" && name.endsWith(suffix) ? name.slice(0, name.length - suffix.length) : name;
  return camel2snake(stripped || suffix.toLowerCase());
}
