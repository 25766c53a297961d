import {
	findRegion,
	findType,
	regionOfZone,
	resourceStatuses as statuses,
	typeHint,
} from './catalogue.js';
import {
	FilterError,
	termTest,
	type ColonWord,
	type Filter,
	type Term,
	type ValuePattern,
} from './filter-terms.js';
import {
	fail,
	readTerm,
	Scanner,
	type Piece,
	type RawTerm,
} from './filter-scan.js';
import type {Resource} from './model.js';
import {hasControlCharacters, visible} from './tags.js';
import {quote} from './tokens.js';

export {FilterError, type Filter} from './filter-terms.js';

function toPattern(scanner: Scanner, raw: RawTerm, piece: Piece): ValuePattern {
	if (piece.quoted) return {text: piece.text, prefix: false};
	if (piece.text === '') {
		fail(
			scanner,
			raw.start,
			`an empty value; write ${raw.key.text}="" to match an empty value.`,
			piece.start,
		);
	}

	const star = piece.text.indexOf('*');
	if (star !== -1 && star !== piece.text.length - 1) {
		fail(
			scanner,
			raw.start,
			'"*" may only end a value (env=pro* matches values starting with "pro").',
			piece.start + star,
		);
	}

	return star >= 0
		? {text: piece.text.slice(0, -1), prefix: true}
		: {text: piece.text, prefix: false};
}

function attributeTerm(scanner: Scanner, raw: RawTerm): Term {
	const name = raw.attribute!;
	if (raw.values.some((piece) => piece.text === '' && !piece.quoted)) {
		fail(
			scanner,
			raw.start,
			`"${name}:" needs a value, as in ${example[name]}.`,
		);
	}

	const values = raw.values.map((piece) => piece.text);
	if (name === 'inherited') {
		if (raw.negate) {
			fail(
				scanner,
				raw.start,
				'"inherited:" cannot be negated; use !key or key!=value.',
			);
		}

		return {kind: 'inherited', keys: values};
	}

	if (name === 'name' || name === 'id') {
		return {
			kind: 'text',
			attribute: name,
			values: raw.values.map((piece) => {
				const pattern = toPattern(scanner, raw, piece);
				return {...pattern, text: pattern.text.toLowerCase()};
			}),
			negate: raw.negate,
		};
	}

	const resolved = values.map((value) => {
		switch (name) {
			case 'type': {
				const type = findType(value);
				if (!type) {
					fail(
						scanner,
						raw.start,
						`unknown resource type "${value}". ${typeHint(value)}`,
					);
				}

				return type.name;
			}

			case 'zone': {
				if (!regionOfZone(value)) {
					fail(
						scanner,
						raw.start,
						`unknown zone "${value}"; see the zones with: tagdeck regions`,
					);
				}

				return value;
			}

			case 'region': {
				if (!findRegion(value.toLowerCase())) {
					fail(
						scanner,
						raw.start,
						`unknown region "${value}"; see them with: tagdeck regions`,
					);
				}

				return value.toLowerCase();
			}

			default: {
				const status = statuses.find(
					(s) => s.toLowerCase() === value.toLowerCase(),
				);
				if (!status) {
					fail(
						scanner,
						raw.start,
						`unknown status "${value}"; use one of ${statuses.join(', ')}.`,
					);
				}

				return status;
			}
		}
	});
	return {
		kind: 'attribute',
		attribute: name as 'type',
		values: resolved,
		negate: raw.negate,
	};
}

const example: Record<string, string> = {
	type: 'type:disk',
	zone: 'zone:cn-hangzhou-h',
	status: 'status:Running',
	region: 'region:cn-shanghai',
	inherited: 'inherited:env',
	name: 'name:web-prod-1',
	id: 'id:i-bp1*',
};

/** The word `key:value` a term is, if it is one: unquoted, not negated, both sides non-empty. */
function colonWord(raw: RawTerm): ColonWord | undefined {
	const {key} = raw;
	if (key.quoted || raw.negate || raw.operator !== undefined) return undefined;
	const colon = key.text.indexOf(':');
	if (colon <= 0 || colon === key.text.length - 1) return undefined;
	return {
		key: key.text.slice(0, colon),
		value: key.text.slice(colon + 1),
		start: raw.start,
		end: raw.end,
	};
}

function toTerm(scanner: Scanner, raw: RawTerm): Term {
	const {key} = raw;
	if (hasControlCharacters(raw.text)) {
		fail(scanner, raw.start, 'control characters are not allowed in a filter.');
	}

	if (raw.attribute) return attributeTerm(scanner, raw);
	if (raw.operator === undefined) {
		if (key.text === '') {
			fail(scanner, raw.start, 'an empty term; remove the empty quotes.');
		}

		if (raw.negate) return {kind: 'has', key: key.text, negate: true};
		return {kind: 'word', text: key.text};
	}

	if (key.text === '') {
		fail(
			scanner,
			raw.start,
			'a tag term needs a key before the "=", as in env=prod.',
		);
	}

	if (raw.negate) {
		fail(
			scanner,
			raw.start,
			'"!" goes before a key alone (!env); to exclude a value write env!=prod.',
		);
	}

	const patterns = raw.values.map((piece) => toPattern(scanner, raw, piece));
	const any = patterns.some((p) => p.prefix && p.text === '');
	if (any) {
		if (patterns.length > 1) {
			fail(
				scanner,
				raw.start,
				'"*" alone matches any value; it cannot be part of a list.',
			);
		}

		return {kind: 'has', key: key.text, negate: raw.operator === '!='};
	}

	return {
		kind: 'values',
		key: key.text,
		values: patterns,
		negate: raw.operator === '!=',
	};
}

/**
Parses the filter language of docs/behaviour.md §3. Terms are separated by spaces and
all must match. A bare word matches a resource that has that tag key, or whose
ID or name contains it (ignoring case).
*/
export function parseFilter(source: string): Filter {
	const scanner = new Scanner(source);
	const terms: Term[] = [];
	const colonWords: ColonWord[] = [];
	while (!scanner.done()) {
		if (scanner.atSpace()) {
			scanner.i++;
			continue;
		}

		const raw = readTerm(scanner);
		const term = toTerm(scanner, raw);
		terms.push(term);
		const word = term.kind === 'word' ? colonWord(raw) : undefined;
		if (word) colonWords.push(word);
	}

	const tests = terms.map((t) => termTest(t));
	return {
		source,
		terms,
		colonWords,
		test(resource) {
			for (const t of tests) if (!t(resource)) return false;
			return true;
		},
	};
}

/** What a filter's `key:value` words would say as tags, and the filter with them so written. */
export type NotationHint = {text: string; filter: Filter | undefined};

/** `key=value` as a filter term: the key quoted if a bare one would read otherwise. */
function asTag(word: ColonWord): string {
	const key = word.key.endsWith('!') ? quote(word.key) : word.key;
	return `${key}=${word.value}`;
}

/**
The seeds' notation (docs/behaviour.md §3): for each word `K:V` whose K names
no attribute but is a tag key of `scope`, `no attribute "K" — for the tag,
write K=V`, and the filter with those words written as tags (undefined if it
would not parse), for the caller to count what it matches.
*/
export function notationHint(
	filter: Filter,
	scope: readonly Resource[],
): NotationHint | undefined {
	const found = filter.colonWords.filter((word) =>
		scope.some((r) => Object.hasOwn(r.tags, word.key)),
	);
	if (found.length === 0) return undefined;
	let {source} = filter;
	for (const word of found.toReversed()) {
		source = `${source.slice(0, word.start)}${asTag(word)}${source.slice(word.end)}`;
	}

	let corrected: Filter | undefined;
	try {
		corrected = parseFilter(source);
	} catch (error) {
		if (!(error instanceof FilterError)) throw error;
	}

	return {
		text: found
			.map(
				(word) =>
					`no attribute "${visible(word.key)}" — for the tag, write ${visible(asTag(word))}`,
			)
			.join('; '),
		filter: corrected,
	};
}
