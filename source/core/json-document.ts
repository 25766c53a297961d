/*
Reading a JSON document a user wrote (a RAM policy, a tag policy): refusals name
the line and column and say what to check, never a parser's stack trace.
*/
import {parse as parseJson, type ValueNode} from '@humanwhocodes/momoa';
import {TagdeckError} from './errors.js';

/*
A document that nests deeper than this is refused before it is parsed, so no
parser recursion can run out of stack on it.
*/
const nestingLimit = 16;

function refuseDeepNesting(text: string, code: string, needs: string): void {
	let depth = 0;
	let inString = false;
	let line = 1;
	let column = 0;
	for (let index = 0; index < text.length; index++) {
		const character = text.charAt(index);
		column++;
		if (character === '\n') {
			line++;
			column = 0;
			continue;
		}

		if (inString) {
			if (character === '\\') {
				index++;
				column++;
			} else if (character === '"') {
				inString = false;
			}

			continue;
		}

		switch (character) {
			case '"': {
				inString = true;
				break;
			}

			case '[':
			case '{': {
				depth++;
				if (depth > nestingLimit) {
					throw new TagdeckError(
						code,
						`line ${line}, column ${column}: the document nests lists and objects more than ${nestingLimit} deep; ${needs}`,
					);
				}

				break;
			}

			case ']':
			case '}': {
				depth--;
				break;
			}

			default:
		}
	}
}

/**
The document's tree, with lines. A byte-order mark is dropped; bad JSON or too
deep a nesting is a TagdeckError with `code`; `needs` says how deep the
document's kind nests.
*/
export function readJson(text: string, code: string, needs: string): ValueNode {
	// A byte-order mark, as some editors save one, is not part of the JSON.
	const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
	refuseDeepNesting(body, code, needs);
	try {
		return parseJson(body, {mode: 'json', ranges: false, tokens: false}).body;
	} catch (error) {
		const {line, column} = error as {line?: number; column?: number};
		const reason = String((error as Error).message)
			.replace(/\s*\(\d+:\d+\)$/v, '')
			.replace(/\.$/v, '');
		const where = line
			? `line ${line}${column ? `, column ${column}` : ''}: `
			: '';
		throw new TagdeckError(
			code,
			`${where}the document is not valid JSON (${reason.charAt(0).toLowerCase()}${reason.slice(1)}); check the quotes, commas and brackets there`,
		);
	}
}
