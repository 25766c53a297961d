import {constants} from 'node:fs';
import {open} from 'node:fs/promises';
import {TagdeckError} from '../core/errors.js';
import {visible} from '../core/tags.js';
import {UsageError} from './context.js';

/** What a document of one kind is, for reading it: RAM policies, tag policies. */
export type DocumentKind = {
	/** The most characters the kind takes. */
	limit: number;
	/** The codes of a document too long, and of one that is not text. */
	tooLong: string;
	malformed: string;
	/** `a policy document`. */
	what: string;
};

/** The most a file may hold before it is refused unread: well over any document's limit. */
const maxFileBytes = 64 * 1024;

function checkedText(
	bytes: Buffer,
	size: number,
	where: string,
	kind: DocumentKind,
): string {
	if (size > maxFileBytes) {
		throw new TagdeckError(
			kind.tooLong,
			`${where} holds ${size.toLocaleString('en-US')} bytes; ${kind.what} is at most ${kind.limit.toLocaleString('en-US')} characters.`,
		);
	}

	try {
		return new TextDecoder('utf-8', {fatal: true}).decode(bytes);
	} catch {
		throw new TagdeckError(
			kind.malformed,
			`${where} is not UTF-8 text; ${kind.what} is JSON.`,
		);
	}
}

/**
A document the user gives with `--file FILE` or `--file -` (standard input):
a regular file only (a pipe, device or folder is refused, never waited on),
read no further than a little over the kind's limit, and UTF-8.
*/
export async function readDocumentFile(
	file: string,
	kind: DocumentKind,
): Promise<string> {
	if (file === '-') {
		if (process.stdin.isTTY) {
			throw new UsageError(
				`--file - reads ${kind.what} from standard input, but it is a terminal: pipe the document in, or give --file FILE.`,
			);
		}

		const chunks: Uint8Array[] = [];
		let size = 0;
		for await (const chunk of process.stdin) {
			size += (chunk as Uint8Array).length;
			if (size > maxFileBytes) break;
			chunks.push(chunk as Uint8Array);
		}

		return checkedText(Buffer.concat(chunks), size, 'standard input', kind);
	}

	let handle;
	try {
		// Not blocking: a named pipe or a device is refused below, not waited on.
		// eslint-disable-next-line no-bitwise
		handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
	} catch (error) {
		const {code} = error as NodeJS.ErrnoException;
		throw new UsageError(
			code === 'ENOENT'
				? `--file ${visible(file)}: no such file.`
				: `--file ${visible(file)} cannot be read (${code ?? (error as Error).message}).`,
		);
	}

	try {
		const stats = await handle.stat();
		if (!stats.isFile()) {
			throw new UsageError(
				`--file ${visible(file)} is not a regular file; give ${kind.what}'s file.`,
			);
		}

		const buffer = Buffer.alloc(Math.min(stats.size, maxFileBytes + 1));
		const {bytesRead} = await handle.read(buffer, 0, buffer.length, 0);
		return checkedText(
			buffer.subarray(0, bytesRead),
			stats.size,
			visible(file),
			kind,
		);
	} finally {
		await handle.close();
	}
}
