import {TagdeckError} from './errors.js';
import type {Resource} from './model.js';
import {visible} from './tags.js';

/*
The terms of a parsed filter (docs/behaviour.md §3) and what each means; the
parser that makes them is in filter.ts.
*/

/** A value to match: exact text, or a prefix when written `pro*`. */
export type ValuePattern = {text: string; prefix: boolean};

export type Term =
	| {kind: 'values'; key: string; values: ValuePattern[]; negate: boolean}
	| {kind: 'has'; key: string; negate: boolean}
	| {
			kind: 'attribute';
			attribute: 'type' | 'zone' | 'status' | 'region';
			values: string[];
			negate: boolean;
	  }
	| {
			kind: 'text';
			attribute: 'name' | 'id';
			values: ValuePattern[];
			negate: boolean;
	  }
	| {kind: 'inherited'; keys: string[]}
	| {kind: 'word'; text: string};

/** A bare word written `key:value`, as the cloud's documents write a tag (`Test:Server-Windows`). */
export type ColonWord = {
	key: string;
	value: string;
	start: number;
	end: number;
};

export type Filter = {
	source: string;
	terms: Term[];
	/** The words written `key:value` whose key names no attribute, where they are in `source`. */
	colonWords: ColonWord[];
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

function matchesValue(value: string, patterns: ValuePattern[]): boolean {
	for (const p of patterns) {
		if (p.prefix ? value.startsWith(p.text) : value === p.text) return true;
	}

	return false;
}

/** What a term means: the test a resource must pass. */
export function termTest(term: Term): (r: Resource) => boolean {
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
			const {keys} = term;
			return (r) =>
				r.inherited !== undefined &&
				keys.some((key) => Object.hasOwn(r.inherited!, key));
		}

		case 'text': {
			const {attribute, values, negate} = term;
			return (r) => matchesValue(r[attribute].toLowerCase(), values) !== negate;
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
