/*
The world file's JSON Schema, and the options it is compiled with: the command
line's bundle compiles it at build time (scripts/bundle.js, Ajv's standalone
code), everything else at run time (world-validator.ts).
*/
import {
	resource,
	ruleSetting,
	invocation,
	account,
	clock,
	ramEntity,
	governanceEntity,
} from './schema-documents.js';
import {logEvent} from './schema-log.js';

/** The shape of a world file (the current schema version), as JSON Schema. */
export const worldSchema = {
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
		'ram',
		'governance',
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
		ram: {
			type: 'object',
			propertyNames: {pattern: '^(user|group|policy):'},
			additionalProperties: ramEntity,
		},
		governance: {
			type: 'object',
			propertyNames: {pattern: '^(preset|policy):'},
			additionalProperties: governanceEntity,
		},
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

/** Ajv's options for the world schema: stop at the first problem, refuse unknown keywords. */
export const ajvOptions = {allErrors: false, strict: true} as const;
