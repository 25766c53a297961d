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

const pair = (schema: Record<string, unknown>) => ({
	type: 'array',
	minItems: 2,
	maxItems: 2,
	items: schema,
});
const tagKey = {type: 'string', minLength: 1, maxLength: 128, pattern: plain};
const stringList = {type: 'array', items: {type: 'string'}};
const failure = {
	type: 'object',
	required: ['id', 'code', 'message'],
	additionalProperties: false,
	properties: {
		id: {type: 'string'},
		code: {type: 'string'},
		message: {type: 'string'},
	},
};

/** The fields of a resource other than its ID, tags and inherited tags. */
const resourceFields = {
	type: {enum: resourceTypes.map((t) => t.name)},
	region: {enum: regions.map((r) => r.id)},
	zone: nullable({enum: regions.flatMap((r) => r.zones)}),
	name: text(128),
	status: nullable({enum: ['Running', 'Stopped', 'Starting', 'Stopping']}),
	created: {type: 'string'},
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
};

const resource = {
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
		...resourceFields,
		tags: {
			type: 'object',
			propertyNames: tagKey,
			additionalProperties: text(128),
		},
		inherited: {type: 'object', additionalProperties: provenance},
	},
};

const ruleSetting = {
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
};

const invocation = {
	type: 'object',
	required: ['id', 'region', 'command', 'instances', 'at'],
	additionalProperties: false,
	properties: {
		id: {type: 'string'},
		region: {type: 'string'},
		command: {type: 'string'},
		instances: stringList,
		at: {type: 'string'},
	},
};

const account = {
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
};

/** `then` when the object's `field` is one of `values`. */
const when = (
	field: string,
	values: string[],
	then: Record<string, unknown>,
) => ({
	if: {properties: {[field]: {enum: values}}, required: [field]},
	// eslint-disable-next-line unicorn/no-thenable -- JSON Schema's keyword
	then,
});

/**
One change of the log, exact enough to be undone: what undo and redo apply to
the world, so every field is checked as strictly as the world itself (a patch
naming an unknown field, or a number for a tag value, is refused with the file).
*/
const patch = {
	type: 'object',
	required: ['c', 'id'],
	additionalProperties: false,
	properties: {
		c: {enum: ['r', 'i', 'u', 'a']},
		id: {type: 'string'},
		b: {},
		a: {},
		f: {},
		t: {},
		h: {},
	},
	allOf: [
		when('c', ['r'], {
			properties: {
				b: nullable(resource),
				a: nullable(resource),
				f: {
					type: 'object',
					additionalProperties: false,
					properties: Object.fromEntries(
						Object.entries(resourceFields).map(([field, schema]) => [
							field,
							pair(nullable(schema)),
						]),
					),
				},
				t: {
					type: 'object',
					propertyNames: tagKey,
					additionalProperties: pair(nullable(text(128))),
				},
				h: {
					type: 'object',
					propertyNames: tagKey,
					additionalProperties: pair(nullable(provenance)),
				},
			},
		}),
		when('c', ['i', 'u', 'a'], {
			required: ['b', 'a'],
			not: {anyOf: [{required: ['f']}, {required: ['t']}, {required: ['h']}]},
		}),
		when('c', ['i'], {
			properties: {b: nullable(invocation), a: nullable(invocation)},
		}),
		when('c', ['u'], {
			properties: {b: nullable(ruleSetting), a: nullable(ruleSetting)},
		}),
		when('c', ['a'], {properties: {b: account, a: account}}),
	],
};

const batch = {
	ids: stringList,
	partial: {type: 'boolean'},
};

/** The commands a log step can record, each with exactly its own fields. */
const commandShapes: Record<string, [string[], Record<string, unknown>]> = {
	tag: [
		['ids', 'tags'],
		{
			...batch,
			tags: {type: 'object', additionalProperties: {type: 'string'}},
			remove: stringList,
		},
	],
	untag: [['ids'], {...batch, keys: stringList, all: {type: 'boolean'}}],
	attach: [['id', 'to'], {id: {type: 'string'}, to: {type: 'string'}}],
	associate: [['id', 'to'], {id: {type: 'string'}, to: {type: 'string'}}],
	detach: [['id'], {id: {type: 'string'}}],
	unassociate: [['id'], {id: {type: 'string'}}],
	create: [
		['type'],
		{
			type: {type: 'string'},
			region: {type: 'string'},
			zone: {type: 'string'},
			name: {type: 'string'},
			in: {type: 'string'},
			count: {type: 'integer'},
			tags: {type: 'object', additionalProperties: {type: 'string'}},
		},
	],
	release: [['ids'], batch],
	start: [['ids'], batch],
	stop: [['ids'], batch],
	reboot: [['ids'], batch],
	run: [['ids', 'command'], {...batch, command: {type: 'string'}}],
	'replace-image': [['ids', 'image'], {...batch, image: {type: 'string'}}],
	copy: [
		['id', 'to'],
		{id: {type: 'string'}, to: {type: 'string'}, name: {type: 'string'}},
	],
	inheritance: [['enabled'], {enabled: {type: 'boolean'}}],
	rules: [
		['region', 'rules', 'enable'],
		{
			region: {type: 'string'},
			rules: stringList,
			enable: {type: 'boolean'},
			keys: nullable(stringList),
			existing: {type: 'boolean'},
		},
	],
	undo: [[], {}],
	redo: [[], {}],
};

const command = {
	type: 'object',
	required: ['op'],
	properties: {op: {enum: Object.keys(commandShapes)}},
	allOf: Object.entries(commandShapes).map(([op, [required, properties]]) =>
		when('op', [op], {
			required,
			additionalProperties: false,
			properties: {op: {const: op}, ...properties},
		}),
	),
};

const logEvent = {
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
	additionalProperties: false,
	properties: {
		seq: {type: 'integer'},
		at: {type: 'string'},
		command,
		summary: {type: 'string'},
		regions: stringList,
		ids: stringList,
		patches: {type: 'array', items: patch},
		failures: {type: 'array', items: failure},
		skipped: {
			type: 'array',
			items: {
				type: 'object',
				required: ['id', 'from', 'rule', 'code', 'message'],
				additionalProperties: false,
				properties: {
					...failure.properties,
					from: {type: 'string'},
					rule: {type: 'string'},
				},
			},
		},
		undoOf: {type: 'integer'},
		redoOf: {type: 'integer'},
		action: {type: 'boolean'},
	},
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
		account,
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
