import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {quote, Tokenizer, TokenError, words} from '../../source/core/tokens.js';
import {parseTagArgument} from '../../source/core/tags.js';
import {seed} from '../helpers/property-settings.js';

/** The one piece a text reads as, checking that nothing is left after it. */
function onePiece(text: string, spaces: 'end' | 'keep' = 'end') {
	const tokenizer = new Tokenizer(text);
	const piece = tokenizer.piece(undefined, spaces);
	expect(tokenizer.done()).toBe(true);
	return piece;
}

function refusal(run: () => unknown): TokenError {
	try {
		run();
	} catch (error) {
		if (error instanceof TokenError) return error;
		throw error;
	}

	throw new Error('expected a TokenError');
}

describe('the quoting rule (docs/behaviour.md §3: quoting)', () => {
	it('reads back any text it quoted, whatever it holds (quotes, backslashes, spaces, = and ,)', () => {
		fc.assert(
			fc.property(fc.string({unit: 'binary'}), (text) => {
				const piece = onePiece(quote(text));
				expect(piece).toEqual({text, quoted: true, start: 0});
				expect(words(`a ${quote(text)} b`).map((w) => w.text)).toEqual([
					'a',
					text,
					'b',
				]);
			}),
			{numRuns: 1000, ...seed},
		);
	});

	it('reads back any key and value quoted in key=value, as --tag and the tag editor take them', () => {
		fc.assert(
			fc.property(fc.string(), fc.string(), (key, value) => {
				expect(parseTagArgument(`${quote(key)}=${quote(value)}`)).toEqual([
					key,
					value,
				]);
			}),
			{numRuns: 500, ...seed},
		);
	});

	it('reads a backslash and a quote as a quote, two backslashes as one, inside quotes; any other backslash is itself', () => {
		expect(onePiece(String.raw`"say \"hi\""`).text).toBe('say "hi"');
		expect(onePiece(String.raw`"ends with \\"`).text).toBe('ends with \\');
		expect(onePiece(String.raw`"C:\temp\new"`).text).toBe(
			String.raw`C:\temp\new`,
		);
	});

	it('takes nothing as an escape outside quotes', () => {
		expect(onePiece(String.raw`C:\temp`).text).toBe(String.raw`C:\temp`);
	});

	it('keeps spaces in one word between quotes, and splits words at spaces elsewhere', () => {
		expect(words(' export  "my file.csv" ').map((w) => w.text)).toEqual([
			'export',
			'my file.csv',
		]);
		expect(onePiece('cost center', 'keep').text).toBe('cost center');
	});

	it('refuses a quote never closed, naming the fix', () => {
		const error = refusal(() => words('x "foo=bar'));
		expect(error.at).toBe(2);
		expect(error.reason).toContain('never closed; add the closing "');
		expect(refusal(() => words(String.raw`"ends with \"`)).reason).toContain(
			'never closed',
		);
	});

	it('refuses a quote in the middle of a word and text right after a closing quote', () => {
		expect(refusal(() => words('say"hi"')).at).toBe(3);
		expect(refusal(() => words('say"hi"')).reason).toContain(
			String.raw`write \" for the quote`,
		);
		expect(refusal(() => words('"a"b')).reason).toContain(
			'text right after a closing quote',
		);
	});
});
