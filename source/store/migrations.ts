import {schemaVersion, type WorldData} from '../core/model.js';

/**
Upgrades from each older schema version to the next. Version 1 is the first
format, so there is nothing to upgrade yet; a new version adds its step here
(and a fixture of the old format to the tests).
*/
const steps: Record<
	number,
	(old: Record<string, unknown>) => Record<string, unknown>
> = {};

export function migrate(value: {schema: number}): WorldData {
	let current = value as Record<string, unknown> & {schema: number};
	while (current.schema < schemaVersion) {
		const step = steps[current.schema];
		// A version without its step is a defect of this table, never of the file.
		if (!step) throw new Error(`no migration from schema ${current.schema}`);
		current = {...step(current), schema: current.schema + 1};
	}

	return current as unknown as WorldData;
}
