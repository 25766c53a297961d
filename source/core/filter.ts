import {
	findRegion,
	findType,
	regionOfZone,
	resourceStatuses as statuses,
	typeHint,
} from './catalogue.js';
import {TagdeckError} from './errors.js';
import type {Resource} from './model.js';
import {hasControlCharacters, visible} from './tags.js';

/** A value to match: exact text, or a prefix when written `pro*`. */
type ValuePattern = {text: string; prefix: boolean};

export type Term =
	| {kind: 'values'; key: string; values: ValuePattern[]; negate: boolean}
	| {kind: 'has'; key: string; negate: boolean}
	| {
			kind: 'attribute';
			attribute: 'type' | 'zone' | 'status' | 'region';
			values: string[];
			negate: boolean;
	  }
	| {kind: 'inherited'; key: string}
	| {kind: 'word'; text: string};

export type Filter = {
	source: string;
	terms: Term[];
	test: (resource: Resource) => boolean;
};

/** A filter that does not parse: where (0-based columns) and why. */
export class FilterError extends TagdeckError {
	constructor(
		readonly start: number,
		readonly end: number,
		readonly term: string,
		readonly reason: string,
	) {
		super(
			'InvalidParameter.Filter',
			`Invalid filter at column ${start + 1}, in "${visible(term)}": ${reason}`,
		);
	}
}

/** One piece of a term: its text and whether it was quoted. */
type Piece = {text: string; quoted: boolean; start: number};

/** Splits a term into key, operator and value pieces, honouring quotes. */
type RawTerm = {
	start: number;
	end: number;
	text: string;
	negate: boolean;
	key: Piece;
	operator: '=' | '!=' | undefined;
	values: Piece[];
};

const attributes = new Set(['type', 'zone', 'status', 'region']);

class Scanner {
	i = 0;
	constructor(readonly source: string) {}

	get char() {
		return this.source[this.i];
	}

	atSpace() {
		return this.char === ' ' || this.char === '\t';
	}

	done() {
		return this.i >= this.source.length;
	}
}

function fail(
	scanner: Scanner,
	start: number,
	reason: string,
	at = start,
): never {
	let end = start;
	const text = scanner.source;
	let inQuote = false;
	while (
		end < text.length &&
		(inQuote || (text[end] !== ' ' && text[end] !== '\t'))
	) {
		if (text[end] === '"') inQuote = !inQuote;
		end++;
	}

	throw new FilterError(
		at,
		Math.max(end, at + 1),
		text.slice(start, end) || text.slice(start),
		reason,
	);
}

/** Reads a quoted or bare piece, stopping (outside quotes) at any of `stops`. */
function readPiece(scanner: Scanner, termStart: number, stops: string): Piece {
	const start = scanner.i;
	if (scanner.char === '"') {
		scanner.i++;
		let text = '';
		while (!scanner.done() && scanner.char !== '"') {
			if (scanner.char === '\\' && scanner.source[scanner.i + 1] === '"') {
				text += '"';
				scanner.i += 2;
			} else {
				text += scanner.source[scanner.i]!;
				scanner.i++;
			}
		}

		if (scanner.done()) {
			fail(
				scanner,
				termStart,
				'this quote is never closed; add the closing ".',
				start,
			);
		}

		scanner.i++;
		// As after a bare word, "!" ends the piece only as the start of "!=".
		const next = scanner.source[scanner.i];
		const stop =
			next !== undefined &&
			stops.includes(next) &&
			(next !== '!' || scanner.source[scanner.i + 1] === '=');
		if (!scanner.done() && !scanner.atSpace() && !stop) {
			fail(
				scanner,
				termStart,
				'text right after a closing quote; put the whole key or value inside the quotes.',
				scanner.i,
			);
		}

		return {text, quoted: true, start};
	}

	let text = '';
	while (!scanner.done() && !scanner.atSpace()) {
		const c = scanner.char!;
		if (
			stops.includes(c) &&
			(c !== '!' || scanner.source[scanner.i + 1] === '=')
		)
			break;

		if (c === '"') {
			fail(
				scanner,
				termStart,
				'a quote in the middle of a word; quote the whole key or value.',
				scanner.i,
			);
		}

		text += c;
		scanner.i++;
	}

	return {text, quoted: false, start};
}

function readTerm(scanner: Scanner): RawTerm {
	const start = scanner.i;
	let negate = false;
	if (scanner.char === '!') {
		negate = true;
		scanner.i++;
		if (scanner.done() || scanner.atSpace()) {
			fail(scanner, start, '"!" needs a key after it, as in !env.');
		}
	}

	const key = readPiece(scanner, start, '=!');
	let operator: RawTerm['operator'];
	const values: Piece[] = [];
	if (scanner.char === '=' || scanner.char === '!') {
		operator = scanner.char === '=' ? '=' : '!=';
		scanner.i += operator.length;
		for (;;) {
			values.push(readPiece(scanner, start, ','));
			if (scanner.source[scanner.i] !== ',') break;
			scanner.i++;
		}
	}

	return {
		start,
		end: scanner.i,
		text: scanner.source.slice(start, scanner.i),
		negate,
		key,
		operator,
		values,
	};
}

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

function attributeTerm(
	scanner: Scanner,
	raw: RawTerm,
	name: string,
	valueText: string,
): Term {
	const values = valueText.split(',');
	if (values.includes('')) {
		fail(
			scanner,
			raw.start,
			`"${name}:" needs a value, as in ${example[name]}.`,
		);
	}

	if (name === 'inherited') {
		if (raw.negate) {
			fail(
				scanner,
				raw.start,
				'"inherited:" cannot be negated; use !key or key!=value.',
			);
		}

		return {kind: 'inherited', key: valueText};
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
};

function toTerm(scanner: Scanner, raw: RawTerm): Term {
	const {key} = raw;
	if (hasControlCharacters(raw.text)) {
		fail(scanner, raw.start, 'control characters are not allowed in a filter.');
	}

	if (raw.operator === undefined) {
		if (!key.quoted) {
			const colon = key.text.indexOf(':');
			const name = key.text.slice(0, colon).toLowerCase();
			if (colon > 0 && (attributes.has(name) || name === 'inherited')) {
				return attributeTerm(scanner, raw, name, key.text.slice(colon + 1));
			}
		}

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

function matchesValue(value: string, patterns: ValuePattern[]): boolean {
	for (const p of patterns) {
		if (p.prefix ? value.startsWith(p.text) : value === p.text) return true;
	}

	return false;
}

function termTest(term: Term): (r: Resource) => boolean {
	switch (term.kind) {
		case 'values': {
			const {key, values, negate} = term;
			return (r) => {
				const has =
					Object.hasOwn(r.tags, key) && matchesValue(r.tags[key]!, values);
				return negate ? !has : has;
			};
		}

		case 'has': {
			const {key, negate} = term;
			return (r) => Object.hasOwn(r.tags, key) !== negate;
		}

		case 'inherited': {
			const {key} = term;
			return (r) =>
				r.inherited !== undefined && Object.hasOwn(r.inherited, key);
		}

		case 'word': {
			const {text} = term;
			const lower = text.toLowerCase();
			return (r) =>
				Object.hasOwn(r.tags, text) ||
				r.id.toLowerCase().includes(lower) ||
				r.name.toLowerCase().includes(lower);
		}

		case 'attribute': {
			const set = new Set(term.values);
			const {attribute, negate} = term;
			return (r) => set.has(r[attribute] ?? '') !== negate;
		}
	}
}

/**
Parses the filter language of docs/behaviour.md §3. Terms are separated by spaces and
all must match. A bare word matches a resource that has that tag key, or whose
ID or name contains it (ignoring case).
*/
export function parseFilter(source: string): Filter {
	const scanner = new Scanner(source);
	const terms: Term[] = [];
	while (!scanner.done()) {
		if (scanner.atSpace()) {
			scanner.i++;
			continue;
		}

		terms.push(toTerm(scanner, readTerm(scanner)));
	}

	const tests = terms.map((t) => termTest(t));
	return {
		source,
		terms,
		test(resource) {
			for (const t of tests) if (!t(resource)) return false;
			return true;
		},
	};
}
