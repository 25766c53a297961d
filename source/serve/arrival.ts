/*
An HTTP request as `tagdeck serve` reads it (docs/api.md): at most 1 MiB of
body, parameters from the query and from a form body, each percent-decoded
strictly. A malformed escape, bytes that are not UTF-8, a parameter sent twice
or too many parameters are refused with a clear error, never guessed at.
*/
import type {IncomingMessage} from 'node:http';
import {ApiError} from './api.js';
import type {ArrivedRequest} from './signature.js';

/** The largest body read: 1 MiB. */
export const bodyLimit = 1024 * 1024;

/** The most parameters one request may carry. */
const parameterLimit = 5000;

const utf8 = new TextDecoder('utf-8', {fatal: true});

export function tooLarge(): ApiError {
	return new ApiError(
		413,
		'Request.TooLarge',
		`The request body is larger than ${bodyLimit.toLocaleString('en-US')} bytes (1 MiB); send fewer items per call.`,
	);
}

function malformed(why: string): ApiError {
	return new ApiError(400, 'Request.Malformed', why);
}

/** One `name=value` of a query or a form, decoded strictly (`+` is a space). */
function decode(part: string, where: string): string {
	try {
		return decodeURIComponent(part.replaceAll('+', ' '));
	} catch {
		throw malformed(
			`The ${where} has a malformed percent-escape or bytes that are not UTF-8 (near "${part.slice(0, 40)}"); encode parameters as UTF-8, percent-encoded.`,
		);
	}
}

/** `a=1&b=2` as decoded pairs, in order; a name given twice is refused. */
export function parsePairs(
	text: string,
	where: string,
	seen = new Set<string>(),
): Array<[string, string]> {
	const pairs: Array<[string, string]> = [];
	if (text === '') return pairs;
	for (const part of text.split('&')) {
		if (part === '') continue;
		const equals = part.indexOf('=');
		const name = decode(equals === -1 ? part : part.slice(0, equals), where);
		const value = equals === -1 ? '' : decode(part.slice(equals + 1), where);
		if (seen.has(name)) {
			throw malformed(
				`The parameter "${name.slice(0, 64)}" is given twice; give each parameter once.`,
			);
		}

		seen.add(name);
		pairs.push([name, value]);
		if (seen.size > parameterLimit) {
			throw malformed(
				`The request has more than ${parameterLimit.toLocaleString('en-US')} parameters.`,
			);
		}
	}

	return pairs;
}

/**
The body's bytes. Past the limit the call is refused at once (the 413 goes out
while the rest is read and dropped, so the client hears it); a body cut short
(the client closed the connection) is refused too, not taken for a fault.
*/
async function readBody(request: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let settled = false;
		const settle = (error?: ApiError) => {
			if (settled) return;
			settled = true;
			if (error) reject(error);
			else resolve(Buffer.concat(chunks));
		};

		request.on('data', (chunk: Buffer) => {
			if (settled) return;
			size += chunk.length;
			if (size > bodyLimit) {
				chunks.length = 0;
				settle(tooLarge());
			} else chunks.push(chunk);
		});
		request.once('end', () => {
			settle();
		});
		// Kept for the whole request: an error after the refusal must not go unheard.
		request.on('error', () => {
			settle(cutShort(size));
		});
		request.once('close', () => {
			settle(cutShort(size));
		});
	});
}

function cutShort(size: number): ApiError {
	return malformed(
		`The request ended after ${size.toLocaleString('en-US')} bytes of its body: the connection was closed before the whole body arrived.`,
	);
}

/** Reads a request: its body within the limit, its parameters decoded. */
export async function arrive(
	request: IncomingMessage,
): Promise<ArrivedRequest> {
	const declared = Number(request.headers['content-length'] ?? 0);
	if (declared > bodyLimit) throw tooLarge();
	const body = await readBody(request);
	const target = request.url ?? '/';
	const mark = target.indexOf('?');
	const path = decode(mark === -1 ? target : target.slice(0, mark), 'path');
	const names = new Set<string>();
	const query = parsePairs(
		mark === -1 ? '' : target.slice(mark + 1),
		'query',
		names,
	);
	let form: Array<[string, string]> = [];
	const type = (request.headers['content-type'] ?? '').toLowerCase();
	if (type.startsWith('application/x-www-form-urlencoded') && body.length > 0) {
		let text: string;
		try {
			text = utf8.decode(body);
		} catch {
			throw malformed(
				'The form body is not UTF-8; encode parameters as UTF-8.',
			);
		}

		form = parsePairs(text, 'form body', names);
	}

	// No prototype: a header name such as "constructor" names nothing it has not been sent.
	const headers = Object.create(null) as Record<string, string | undefined>;
	for (const [name, value] of Object.entries(request.headers))
		headers[name] = Array.isArray(value) ? value.join(',') : value;
	return {
		method: request.method ?? 'GET',
		path,
		query,
		form,
		headers,
		body,
	};
}
