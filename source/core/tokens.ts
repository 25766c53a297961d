/*
The one way text typed by a user is cut into pieces: the filter language
(docs/behaviour.md §3), tags as `--tag` and the tag editor take them, keys
(`untag --key`, `rules --keys`) and the UI's `:` commands.

A piece is bare text or "quoted text". Inside quotes, \" is a quote and \\ a
backslash; any other backslash is itself (so "C:\temp" needs no doubling).
Outside quotes nothing is an escape. A quote in the middle of bare text, text
right after a closing quote, and a quote never closed are mistakes, each
refused with what to write instead: never read as part of a key or value.
*/

/** One piece of typed text: what it says, whether it was quoted, and its column (0-based). */
export type Piece = {text: string; quoted: boolean; start: number};

/** Text that does not cut into pieces: where (0-based column) and why, with the fix. */
export class TokenError extends Error {
	constructor(
		readonly at: number,
		readonly reason: string,
	) {
		super(reason);
	}
}

const unclosed = String.raw`this quote is never closed; add the closing " (inside quotes, write \" for a quote and \\ for a backslash).`;
const afterQuote =
	'text right after a closing quote; put all of it inside the quotes.';
const inWord = String.raw`a quote in the middle of a word; quote the whole key or value and write \" for the quote inside it, as in "say \"hi\"".`;

/** How a bare piece ends: at a space or tab (a word), or only at a stop (one whole line, spaces and all). */
export type Spaces = 'end' | 'keep';

export class Tokenizer {
	i = 0;
	constructor(readonly source: string) {}

	get char(): string | undefined {
		return this.source[this.i];
	}

	atSpace(): boolean {
		return this.char === ' ' || this.char === '\t';
	}

	done(): boolean {
		return this.i >= this.source.length;
	}

	skipSpaces(): void {
		while (this.atSpace()) this.i++;
	}

	/** Whether `stop` (a sticky pattern) matches where the tokenizer stands. */
	at(stop: RegExp | undefined): boolean {
		if (!stop || this.done()) return false;
		stop.lastIndex = this.i;
		return stop.test(this.source);
	}

	/**
	Reads one piece, quoted or bare. A bare piece ends at the end of the text,
	at `stop`, and, when `spaces` is 'end', at a space or tab.
	*/
	piece(stop?: RegExp, spaces: Spaces = 'end'): Piece {
		const start = this.i;
		if (this.char === '"') return this.quotedPiece(stop, spaces);
		while (!this.done() && !this.at(stop)) {
			if (spaces === 'end' && this.atSpace()) break;
			if (this.char === '"') throw new TokenError(this.i, inWord);
			this.i++;
		}

		return {text: this.source.slice(start, this.i), quoted: false, start};
	}

	private quotedPiece(stop: RegExp | undefined, spaces: Spaces): Piece {
		const start = this.i;
		const {source} = this;
		let text = '';
		let from = start + 1;
		let i = from;
		for (;;) {
			if (i >= source.length) throw new TokenError(start, unclosed);
			const c = source[i];
			if (c === '"') break;
			const next = source[i + 1];
			if (c === '\\' && (next === '"' || next === '\\')) {
				text += source.slice(from, i) + next;
				from = i + 2;
				i += 2;
			} else i++;
		}

		text += source.slice(from, i);
		this.i = i + 1;
		if (spaces === 'keep') this.skipSpaces();
		if (!this.done() && !this.atSpace() && !this.at(stop))
			throw new TokenError(this.i, afterQuote);
		return {text, quoted: true, start};
	}
}

/** `text` quoted so that the tokenizer reads it back exactly: `"` and `\` escaped. */
export function quote(text: string): string {
	return `"${text.replaceAll('\\', '\\\\').replaceAll('"', String.raw`\"`)}"`;
}

/** The words of a line, split at spaces and tabs; quotes keep spaces in one word. */
export function words(text: string): Piece[] {
	const tokenizer = new Tokenizer(text);
	const found: Piece[] = [];
	for (;;) {
		tokenizer.skipSpaces();
		if (tokenizer.done()) return found;
		found.push(tokenizer.piece());
	}
}
