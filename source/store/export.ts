import fs from 'node:fs';
import {lstat, stat} from 'node:fs/promises';
import {basename, dirname, extname, join, resolve} from 'node:path';
import {TagdeckError} from '../core/errors.js';
import {isTemporaryOf, replaceFile} from './files.js';

/** The file a name means: links followed, a new name resolved through its folder. */
function realTarget(file: string): string {
	const target = resolve(file);
	try {
		return fs.realpathSync(target);
	} catch {}

	try {
		return join(fs.realpathSync(dirname(target)), basename(target));
	} catch {
		return target;
	}
}

function refused(file: string, why: string): TagdeckError {
	return new TagdeckError(
		'Export.Refused',
		`Not exported, nothing written: ${file} ${why}. Give another file name.`,
	);
}

/** The formats :export writes, by the file's extension (in any case). */
export type ExportFormat = 'csv' | 'json';

const formats = new Map<string, ExportFormat>([
	['.csv', 'csv'],
	['.json', 'json'],
]);

/** The format a file name asks for, or undefined for any other extension. */
export function exportFormat(file: string): ExportFormat | undefined {
	return formats.get(extname(file).toLowerCase());
}

/**
A CSV field as RFC 4180 writes it: quoted, quotes doubled, when it holds a
comma, quote, CR or LF. A field a spreadsheet would take for a formula (it
starts with = + - @, a tab or a CR) gets a leading ' first: tag values are
anyone's text, and an export opened in a spreadsheet must not run them.
*/
export function csvField(text: string): string {
	const safe = /^[=+\-@\t\r]/v.test(text) ? `'${text}` : text;
	return /[",\r\n]/v.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** What :export writes of a resource. */
type Exported = {
	id: string;
	arn: string;
	type: string;
	name: string;
	region: string;
	zone?: string | null;
	status?: string | null;
	created: string;
	tags: Record<string, string>;
};

/**
Resources as CSV (RFC 4180: CRLF line ends, fields quoted as needed): a
header, then one line per resource. Each tag key of the rows is a column of
its own, `tag:KEY`, empty where a resource does not have it.
*/
export function resourcesCsv(rows: readonly Exported[]): string {
	const keys = [
		...new Set(rows.flatMap((r) => Object.keys(r.tags))),
	].toSorted();
	const header = [
		'id',
		'name',
		'type',
		'region',
		'zone',
		'status',
		'created',
		'arn',
		...keys.map((key) => `tag:${key}`),
	];
	const lines = [header];
	for (const r of rows) {
		lines.push([
			r.id,
			r.name,
			r.type,
			r.region,
			r.zone ?? '',
			r.status ?? '',
			r.created,
			r.arn,
			...keys.map((key) => (Object.hasOwn(r.tags, key) ? r.tags[key]! : '')),
		]);
	}

	return lines
		.map((line) => `${line.map((f) => csvField(f)).join(',')}\r\n`)
		.join('');
}

/** Resources as :export writes them in `format`. */
export function exportedText(
	format: ExportFormat,
	rows: readonly Exported[],
): string {
	return format === 'csv'
		? resourcesCsv(rows)
		: `${JSON.stringify(rows, null, 2)}\n`;
}

/**
Writes `rows` to `file`, for :export, as CSV or JSON by its extension. The world file and what belongs to it
(its lock folder, its temporary files, and any name that leads to it) are
never written; nor is anything but a regular file, nor a file whose extension
is neither .csv nor .json. An existing file is
replaced only when `overwrite` (the user said yes); otherwise the answer is
'exists'. The write is atomic: the old file or the new one, never half.
*/
export async function exportRows(
	world: string,
	file: string,
	rows: readonly Exported[],
	overwrite: boolean,
): Promise<'written' | 'exists'> {
	const target = realTarget(file);
	const lock = `${world}.lock`;
	if (
		target === world ||
		target === lock ||
		target.startsWith(`${lock}/`) ||
		(dirname(target) === dirname(world) &&
			isTemporaryOf(world, basename(target)))
	) {
		throw refused(file, 'is the open world file, or part of it');
	}

	const format = exportFormat(target);
	if (!format) {
		throw new TagdeckError(
			'Export.Refused',
			`Not exported, nothing written: ${file} is neither .csv nor .json. Name the file .csv for CSV or .json for JSON.`,
		);
	}

	let mode = 0o644;
	const found = await lstat(target).catch(() => undefined);
	if (found) {
		if (!found.isFile()) throw refused(file, 'is not a regular file');
		const open = await stat(world).catch(() => undefined);
		if (open?.ino === found.ino && open.dev === found.dev)
			throw refused(file, 'is another name of the open world file');
		if (!overwrite) return 'exists';
		mode = found.mode % 0o1_0000;
	}

	try {
		await replaceFile(target, mode, async (handle) => {
			await handle.writeFile(exportedText(format, rows));
		});
	} catch (error) {
		throw refused(file, `could not be written (${(error as Error).message})`);
	}

	return 'written';
}
