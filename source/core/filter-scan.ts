import {FilterError} from './filter-terms.js';

/*
The filter language's lexer: a filter's text read term by term into pieces
(key, operator, values), honouring quotes, with a FilterError pointing at the
column of any mistake.
*/

/** One piece of a term: its text and whether it was quoted. */
export type Piece = {text: string; quoted: boolean; start: number};

/** Splits a term into key, operator and value pieces, honouring quotes. */
export type RawTerm = {
	start: number;
	end: number;
	text: string;
	negate: boolean;
	key: Piece;
	operator: '=' | '!=' | undefined;
	values: Piece[];
};

export class Scanner {
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

export function fail(
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

export function readTerm(scanner: Scanner): RawTerm {
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
