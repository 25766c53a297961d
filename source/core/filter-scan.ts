import {FilterError} from './filter-terms.js';
import {Tokenizer, TokenError, type Piece} from './tokens.js';

/*
The filter language's lexer: a filter's text read term by term into pieces
(key, operator, values), honouring quotes, with a FilterError pointing at the
column of any mistake.
*/

export type {Piece} from './tokens.js';

/** Splits a term into key, operator and value pieces, honouring quotes. */
export type RawTerm = {
	start: number;
	end: number;
	text: string;
	negate: boolean;
	key: Piece;
	operator: '=' | '!=' | undefined;
	values: Piece[];
	/** The attribute (`type`, `name`, …) of an `attribute:value` term, in lower case. */
	attribute?: string;
};

/** The filter's reader: the shared tokenizer (tokens.ts). */
export class Scanner extends Tokenizer {}

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
		else if (inQuote && text[end] === '\\') end++;
		end++;
	}

	end = Math.min(end, text.length);
	throw new FilterError(
		at,
		Math.max(end, at + 1),
		text.slice(start, end) || text.slice(start),
		reason,
	);
}

const keyStop = /=|!=/vy;
const valueStop = /,/vy;
const attributeStop = /,|=|!=/vy;
/** The attributes a term names as `attribute:value`; any other `x:y` is a word or a tag key. */
const attribute = /(?:type|zone|status|region|inherited|name|id):/ivy;

/** Reads a quoted or bare piece, stopping (outside quotes) at `stop` or a space. */
function readPiece(scanner: Scanner, termStart: number, stop: RegExp): Piece {
	try {
		return scanner.piece(stop);
	} catch (error) {
		if (!(error instanceof TokenError)) throw error;
		fail(scanner, termStart, error.reason, error.at);
	}
}

/** Reads list items separated by commas. */
function readList(scanner: Scanner, start: number, stop: RegExp): Piece[] {
	const values: Piece[] = [];
	for (;;) {
		values.push(readPiece(scanner, start, stop));
		if (scanner.char !== ',') return values;
		scanner.i++;
	}
}

/**
Reads `attribute:value,…` where the scanner stands, or nothing. With `=` or
`!=` after it, it is a tag term whose key holds a colon (`type:x=y`): the
scanner is left where it was.
*/
function attributeTerm(
	scanner: Scanner,
	start: number,
	negate: boolean,
): RawTerm | undefined {
	if (!scanner.at(attribute)) return undefined;
	const keyAt = scanner.i;
	const name = scanner.source.slice(keyAt, scanner.source.indexOf(':', keyAt));
	scanner.i += name.length + 1;
	const values = readList(scanner, start, attributeStop);
	if (scanner.at(keyStop)) {
		scanner.i = keyAt;
		return undefined;
	}

	return {
		start,
		end: scanner.i,
		text: scanner.source.slice(start, scanner.i),
		negate,
		key: {text: name, quoted: false, start: keyAt},
		operator: undefined,
		values,
		attribute: name.toLowerCase(),
	};
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

	const named = attributeTerm(scanner, start, negate);
	if (named) return named;
	const key = readPiece(scanner, start, keyStop);
	let operator: RawTerm['operator'];
	let values: Piece[] = [];
	if (scanner.char === '=' || scanner.char === '!') {
		operator = scanner.char === '=' ? '=' : '!=';
		scanner.i += operator.length;
		values = readList(scanner, start, valueStop);
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
