import {Ajv} from 'ajv';
import {
	regions,
	resourceTypes,
	rules,
	linkKindNames,
} from '../core/catalogue.js';

// Text that may reach a terminal: no C0, DEL or C1 control characters.
const plain = String.raw`^[^\u0000-\u001F\u007F-\u009F]*$`;
const text = (maxLength: number) => ({
	type: 'string',
	maxLength,
	pattern: plain,
});
const nullable = (schema: Record<string, unknown>) => ({
	anyOf: [schema, {type: 'null'}],
});
const provenance = {
	type: 'object',
	required: ['from', 'rule'],
	additionalProperties: false,
	properties: {from: {type: 'string'}, rule: {type: 'string'}},
};

/** The shape of a world file (schema version 1), as JSON Schema. */
export const worldSchema = {
	type: 'object',
	required: [
		'schema',
		'revision',
		'account',
		'rng',
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
		account: {
			type: 'object',
			required: ['id', 'createdBy', 'inheritance'],
			additionalProperties: false,
			properties: {
				id: {type: 'string', pattern: String.raw`^\d{16}$`},
				createdBy: {type: 'boolean'},
				inheritance: {
					type: 'object',
					required: ['enabled', 'role', 'since'],
					additionalProperties: false,
					properties: {
						enabled: {type: 'boolean'},
						role: nullable({type: 'string'}),
						since: nullable({type: 'string'}),
					},
				},
			},
		},
		resources: {
			type: 'object',
			additionalProperties: {
				type: 'object',
				required: [
					'id',
					'type',
					'region',
					'zone',
					'name',
					'status',
					'created',
					'tags',
				],
				additionalProperties: false,
				properties: {
					id: text(200),
					type: {enum: resourceTypes.map((t) => t.name)},
					region: {enum: regions.map((r) => r.id)},
					zone: nullable({enum: regions.flatMap((r) => r.zones)}),
					name: text(128),
					status: nullable({
						enum: ['Running', 'Stopped', 'Starting', 'Stopping'],
					}),
					created: {type: 'string'},
					tags: {
						type: 'object',
						propertyNames: {minLength: 1, maxLength: 128, pattern: plain},
						additionalProperties: text(128),
					},
					inherited: {type: 'object', additionalProperties: provenance},
					links: {
						type: 'object',
						additionalProperties: false,
						properties: Object.fromEntries(
							linkKindNames.map((k) => [k, {type: 'string'}]),
						),
					},
					image: text(128),
					managed: {
						type: 'array',
						items: {enum: rules.map((r) => r.settingName)},
					},
				},
			},
		},
		rules: {
			type: 'object',
			additionalProperties: {
				type: 'object',
				required: ['region', 'rule', 'enabled', 'keys', 'existing'],
				additionalProperties: false,
				properties: {
					region: {enum: regions.map((r) => r.id)},
					rule: {enum: rules.map((r) => r.settingName)},
					enabled: {type: 'boolean'},
					keys: nullable({type: 'array', maxItems: 50, items: text(128)}),
					existing: {type: 'boolean'},
				},
			},
		},
		invocations: {
			type: 'object',
			additionalProperties: {
				type: 'object',
				required: ['id', 'region', 'command', 'instances', 'at'],
				properties: {
					id: {type: 'string'},
					region: {type: 'string'},
					command: {type: 'string'},
					instances: {type: 'array', items: {type: 'string'}},
					at: {type: 'string'},
				},
			},
		},
		log: {
			type: 'array',
			items: {
				type: 'object',
				required: [
					'seq',
					'at',
					'command',
					'summary',
					'regions',
					'ids',
					'patches',
					'failures',
				],
				properties: {
					seq: {type: 'integer'},
					at: {type: 'string'},
					command: {
						type: 'object',
						required: ['op'],
						properties: {op: {type: 'string'}},
					},
					summary: {type: 'string'},
					regions: {type: 'array', items: {type: 'string'}},
					ids: {type: 'array', items: {type: 'string'}},
					patches: {
						type: 'array',
						items: {
							type: 'object',
							required: ['c', 'id'],
							properties: {
								c: {enum: ['r', 'i', 'u', 'a']},
								id: {type: 'string'},
							},
						},
					},
					failures: {type: 'array'},
					skipped: {type: 'array'},
				},
			},
		},
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
