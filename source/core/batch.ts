import {failureOf, TagdeckError, type Failure} from './errors.js';
import {authorizeItem} from './ram/access.js';
import type {Txn} from './txn.js';

/**
Runs `each` for every ID of a batch. Each call must check everything before it
changes anything, so a refusal leaves that resource untouched. Without
`partial`, one refusal refuses the whole batch (the caller drops the
transaction); with it, the others go ahead and the refusals are reported.
*/
export function forEachInBatch(
	txn: Txn,
	ids: readonly string[],
	partial: boolean | undefined,
	each: (id: string) => void,
): Failure[] {
	if (ids.length === 0) {
		throw new TagdeckError(
			'MissingParameter.ResourceIds',
			'No resources given: name IDs, use --filter, or pass - to read IDs from stdin.',
		);
	}

	const failures: Failure[] = [];
	for (const id of new Set(ids)) {
		// Released earlier in this batch (a Kafka instance takes its topics along).
		if (txn.removedHere(id)) continue;
		try {
			const resource = txn.need(id);
			if (txn.acting) authorizeItem(txn.acting, resource);
			each(id);
		} catch (error) {
			if (!(error instanceof TagdeckError)) throw error;
			failures.push(failureOf(id, error));
		}
	}

	if (failures.length > 0 && !partial) {
		throw new BatchRefused(failures);
	}

	return failures;
}

/** The whole batch is refused; nothing was applied. */
export class BatchRefused extends TagdeckError {
	constructor(readonly failures: Failure[]) {
		const first = failures[0]!;
		super(
			first.code,
			`${failures.length} resource${failures.length === 1 ? '' : 's'} would fail, so nothing was changed (first: ${first.id}: ${first.message}). Fix them, or apply to the others with --partial.`,
		);
	}
}
