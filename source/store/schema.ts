import {Ajv} from 'ajv';
import {
	resource,
	ruleSetting,
	invocation,
	account,
	clock,
} from './schema-documents.js';
import {logEvent} from './schema-log.js';

/** The shape of a world file (the current schema version), as JSON Schema. */
const worldSchema = {
	type: 'object',
	required: [
		'schema',
		'revision',
		'account',
		'rng',
		'clock',
		'resources',
		'rules',
		'invocations',
		'log',
		'nextSeq',
		'history',
	],
	additionalProperties: false,
	properties: {
		schema: {type: 'integer'},
		revision: {type: 'integer', minimum: 0},
		rng: {type: 'integer'},
		nextSeq: {type: 'integer', minimum: 1},
		account,
		clock,
		resources: {type: 'object', additionalProperties: resource},
		rules: {type: 'object', additionalProperties: ruleSetting},
		invocations: {type: 'object', additionalProperties: invocation},
		log: {type: 'array', items: logEvent},
		history: {
			type: 'object',
			required: ['undo', 'redo'],
			additionalProperties: false,
			properties: {
				undo: {type: 'array', items: {type: 'integer'}},
				redo: {type: 'array', items: {type: 'integer'}},
			},
		},
	},
};

let compiled: ReturnType<Ajv['compile']> | undefined;

/** Checks a parsed world file; returns the first problems found, or none. */
export function schemaProblems(value: unknown): string[] {
	compiled ??= new Ajv({allErrors: false, strict: true}).compile(worldSchema);
	if (compiled(value)) return [];
	return (compiled.errors ?? []).slice(0, 3).map((error) => {
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
