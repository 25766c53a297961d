import {validateWorld} from './world-validator.js';

/** Checks a parsed world file; returns the first problems found, or none. */
export function schemaProblems(value: unknown): string[] {
	if (validateWorld(value)) return [];
	return (validateWorld.errors ?? []).slice(0, 3).map((error) => {
		const where = error.instancePath || '(top level)';
		const extra =
			'additionalProperty' in error.params
				? ` (${String(error.params.additionalProperty)})`
				: 'allowedValues' in error.params
					? ''
					: '';
		return `${where} ${error.message ?? 'is not valid'}${extra}`;
	});
}
