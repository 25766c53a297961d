import {apiCalls, apiCallsText} from '../core/api-calls.js';
import type {ApplyResult} from '../core/apply.js';
import {consoleNote} from '../core/console-characters.js';
import {TagdeckError} from '../core/errors.js';
import type {Command} from '../core/model.js';
import {changeLines, describeChanges} from '../core/summary.js';
import {visible} from '../core/tags.js';
import type {CommandSource, Store} from '../store/store.js';
import {print, printJson, plural} from './output.js';

/**
Applies a command through the store and reports it: text for people, JSON
(`{changed, failed, created}`) with --json. Exit 0 when everything was done,
1 when anything was refused.
*/
export async function applyAndReport(
	store: Store,
	command: CommandSource,
	options: {
		json: boolean;
		dryRun?: boolean;
		done?: (result: ApplyResult) => string;
		/** With json, fields to add to the output once applied. */
		extra?: () => Record<string, unknown>;
	},
): Promise<number> {
	// The command as resolved under the lock (a --filter becomes IDs).
	let resolved: Command | undefined;
	const result = await store.apply(
		(world) => {
			resolved = typeof command === 'function' ? command(world) : command;
			return resolved;
		},
		{dryRun: options.dryRun},
	);
	const calls = resolved && apiCallsText(resolved);
	const world = store.current();
	const changes = describeChanges(result.patches, (id) => world?.get(id));
	if (options.json) {
		const out: Record<string, unknown> = {
			changed: changes,
			failed: result.failures,
		};
		if (result.created.length > 0) out.created = result.created;
		if (result.dryRun) {
			out.dryRun = true;
			const list = resolved ? apiCalls(resolved) : [];
			if (list.length > 0) out.apiCalls = list;
		}

		if (result.event) {
			out.step = result.event.seq;
			Object.assign(out, options.extra?.());
		}

		if (!result.ok && result.failures.length === 0) {
			throw new TagdeckError(
				result.error.code,
				result.error.message,
				result.error.detail,
			);
		}

		printJson(out);
		return result.ok && result.failures.length === 0 ? 0 : 1;
	}

	if (!result.ok && result.failures.length === 0) {
		throw new TagdeckError(
			result.error.code,
			result.error.message,
			result.error.detail,
		);
	}

	const lines: string[] = [];
	if (result.ok) {
		if (result.dryRun) {
			lines.push(
				`Dry run: nothing was changed. This would change ${plural(changes.length, 'resource')}${calls ? ` (as ${calls})` : ''}:`,
			);
		}

		for (const line of changeLines(changes, resolved)) lines.push(line);
		const note = resolved && consoleNote(resolved);
		if (note) lines.push(note);
		if (!result.dryRun) {
			lines.push(
				result.event === undefined
					? 'Nothing to change: it already is that way.'
					: (options.done?.(result) ??
							`Done: ${plural(changes.length, 'resource')} changed (step #${result.event.seq}; tagdeck undo reverses it).`),
			);
		}
	}

	if (result.skipped.length > 0) {
		lines.push(
			`Inheritance skipped for ${plural(result.skipped.length, 'resource')} (quota):`,
		);
		for (const s of result.skipped)
			lines.push(`  ! ${visible(s.id)}  ${s.code}: ${visible(s.message)}`);
	}

	if (result.failures.length > 0) {
		lines.push(
			result.ok
				? `Skipped ${plural(result.failures.length, 'resource')} that ${result.dryRun ? 'would fail' : 'failed'}:`
				: `Refused: ${plural(result.failures.length, 'resource')} would fail, so nothing was changed. Fix them, or apply to the others with --partial.`,
		);
		for (const f of result.failures)
			lines.push(`  ✗ ${visible(f.id)}  ${f.code}: ${visible(f.message)}`);
	}

	(result.ok ? print : (text: string) => process.stderr.write(`${text}\n`))(
		lines.join('\n'),
	);
	return result.ok && result.failures.length === 0 ? 0 : 1;
}
