import {
	text,
	nullable,
	provenance,
	pair,
	tagKey,
	stringList,
	failure,
	resourceFields,
	resource,
	ruleSetting,
	invocation,
	account,
	clock,
	ramEntity,
	governanceEntity,
} from './schema-documents.js';

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
		c: {enum: ['r', 'i', 'u', 'a', 'k', 'm', 'g']},
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
		when('c', ['i', 'u', 'a', 'k', 'm', 'g'], {
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
		when('c', ['k'], {properties: {b: clock, a: clock}}),
		when('c', ['m'], {
			properties: {b: nullable(ramEntity), a: nullable(ramEntity)},
		}),
		when('c', ['g'], {
			properties: {
				b: nullable(governanceEntity),
				a: nullable(governanceEntity),
			},
		}),
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
			spec: {type: 'string'},
			size: {type: 'integer'},
			category: {type: 'string'},
		},
	],
	release: [['ids'], batch],
	start: [['ids'], batch],
	stop: [['ids'], {...batch, economical: {type: 'boolean'}}],
	reboot: [['ids'], batch],
	run: [['ids', 'command'], {...batch, command: {type: 'string'}}],
	'replace-image': [['ids', 'image'], {...batch, image: {type: 'string'}}],
	copy: [
		['id', 'to'],
		{id: {type: 'string'}, to: {type: 'string'}, name: {type: 'string'}},
	],
	inheritance: [['enabled'], {enabled: {type: 'boolean'}}],
	createdby: [['enabled'], {enabled: {type: 'boolean'}}],
	clock: [['advance'], {advance: {type: 'string', maxLength: 64}}],
	costs: [
		[],
		{
			enable: stringList,
			disable: stringList,
			associated: {type: 'boolean'},
		},
	],
	quota: [
		['type', 'quota'],
		{type: {type: 'string'}, quota: nullable({type: 'integer'})},
	],
	rules: [
		['region', 'rules', 'enable'],
		{
			region: {type: 'string'},
			rules: stringList,
			enable: {type: 'boolean'},
			keys: nullable(stringList),
			existing: {type: 'boolean'},
			record: {type: 'boolean'},
			remove: {type: 'boolean'},
		},
	],
	ram: [
		['action', 'name'],
		{
			action: {
				enum: [
					'create-user',
					'delete-user',
					'create-group',
					'delete-group',
					'add-to-group',
					'remove-from-group',
					'create-policy',
					'delete-policy',
					'attach',
					'detach',
				],
			},
			name: {type: 'string'},
			accessKey: {type: 'boolean'},
			document: {type: 'string'},
			description: {type: 'string'},
			users: stringList,
			policyType: {enum: ['System', 'Custom']},
			user: {type: 'string'},
			group: {type: 'string'},
		},
	],
	preset: [
		[],
		{
			add: {
				type: 'array',
				items: {
					type: 'object',
					required: ['key', 'values'],
					additionalProperties: false,
					properties: {
						key: {type: 'string'},
						values: stringList,
						description: {type: 'string'},
					},
				},
			},
			remove: {
				type: 'array',
				items: {
					type: 'object',
					required: ['key'],
					additionalProperties: false,
					properties: {key: {type: 'string'}, value: {type: 'string'}},
				},
			},
			description: {type: 'string'},
		},
	],
	'tag-policy': [
		['action'],
		{
			action: {
				enum: ['create', 'delete', 'attach', 'detach', 'modify', 'strong'],
			},
			name: {type: 'string'},
			document: {type: 'string'},
			description: {type: 'string'},
			enabled: {type: 'boolean'},
		},
	],
	fix: [[], {policy: {type: 'string'}, region: {type: 'string'}}],
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

export const logEvent = {
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
		past: {type: 'boolean'},
		by: {type: 'string'},
		api: {type: 'string', pattern: '^(Tag|Ecs):[A-Za-z]{1,64}$'},
	},
};
