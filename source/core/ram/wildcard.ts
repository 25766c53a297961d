/*
RAM's wildcards (docs/cloud-facts.md §11): in an action, a resource name or a
StringLike value, `*` stands for any run of characters (`/` and `:` included)
and `?` for exactly one; every other character stands for itself. Glob
libraries give brackets, braces and `!` meanings RAM does not have, so the
pattern is turned into an anchored regular expression with everything else
escaped.
*/

/** The characters a regular expression gives a meaning of its own. */
const special = new Set(String.raw`\^$.|+()[]{}`);

/** Whether a pattern holds a wildcard at all (one without is compared as is). */
export function hasWildcard(pattern: string): boolean {
	return pattern.includes('*') || pattern.includes('?');
}

/** The anchored regular expression a RAM pattern stands for. */
export function wildcardRegExp(pattern: string, ignoreCase = false): RegExp {
	let source = '';
	for (const character of pattern) {
		if (character === '*') source += '.*';
		else if (character === '?') source += '.';
		else if (special.has(character)) source += `\\${character}`;
		else source += character;
	}

	return new RegExp(`^${source}$`, ignoreCase ? 'isu' : 'su');
}

/** A test for one pattern: plain comparison when it has no wildcard. */
export function wildcardMatcher(
	pattern: string,
	ignoreCase = false,
): (value: string) => boolean {
	if (!hasWildcard(pattern)) {
		if (!ignoreCase) return (value) => value === pattern;
		const lower = pattern.toLowerCase();
		return (value) => value.toLowerCase() === lower;
	}

	const expression = wildcardRegExp(pattern, ignoreCase);
	return (value) => expression.test(value);
}
