import {systemPolicyNames} from '../core/ram/system-names.js';
import {diskCategories, diskSizes, instanceTypes} from '../core/prices.js';
import {
	regions,
	resourceTypes,
	rules,
	linkKindNames,
	resourceStatuses,
} from '../core/catalogue.js';

/*
The JSON Schema of the documents a world holds (resources, rule settings,
invocations, the account) and the small shapes they are made of.
*/

// Text that may reach a terminal: no C0, DEL or C1 control characters.
const plain = String.raw`^[^\u0000-\u001F\u007F-\u009F]*$`;
export const text = (maxLength: number) => ({
	type: 'string',
	maxLength,
	pattern: plain,
});
export const nullable = (schema: Record<string, unknown>) => ({
	anyOf: [schema, {type: 'null'}],
});
export const provenance = {
	type: 'object',
	required: ['from', 'rule'],
	additionalProperties: false,
	properties: {from: {type: 'string'}, rule: {type: 'string'}},
};

export const pair = (schema: Record<string, unknown>) => ({
	type: 'array',
	minItems: 2,
	maxItems: 2,
	items: schema,
});
export const tagKey = {
	type: 'string',
	minLength: 1,
	maxLength: 128,
	pattern: plain,
};
export const stringList = {type: 'array', items: {type: 'string'}};
export const failure = {
	type: 'object',
	required: ['id', 'code', 'message'],
	additionalProperties: false,
	properties: {
		id: {type: 'string'},
		code: {type: 'string'},
		message: {type: 'string'},
		detail: {
			type: 'object',
			required: ['authAction', 'authResource', 'noPermissionType'],
			additionalProperties: false,
			properties: {
				authAction: {type: 'string'},
				authResource: {type: 'string'},
				noPermissionType: {enum: ['ExplicitDeny', 'ImplicitDeny']},
				policy: {type: 'string'},
				statement: {type: 'integer', minimum: 1},
			},
		},
	},
};

/** The fields of a resource other than its ID, tags and inherited tags. */
export const resourceFields = {
	type: {enum: resourceTypes.map((t) => t.name)},
	region: {enum: regions.map((r) => r.id)},
	zone: nullable({enum: regions.flatMap((r) => r.zones)}),
	name: text(128),
	status: nullable({enum: resourceStatuses}),
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
	spec: {enum: instanceTypes},
	size: {type: 'integer', minimum: 1, maximum: diskSizes.max},
	category: {enum: diskCategories},
	economical: {type: 'boolean'},
};

export const resource = {
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

export const ruleSetting = {
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

export const invocation = {
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

/** An AccessKey pair: `LTAI` and 20 characters, a 30-character secret. */
const accessKey = {
	type: 'object',
	required: ['id', 'secret', 'created'],
	additionalProperties: false,
	properties: {
		id: {type: 'string', pattern: '^LTAI[A-Za-z0-9]{20}$'},
		secret: {type: 'string', pattern: '^[A-Za-z0-9]{30}$'},
		created: {type: 'string'},
	},
};

export const account = {
	type: 'object',
	required: [
		'id',
		'createdBy',
		'quotas',
		'inheritance',
		'costs',
		'tagPolicies',
		'accessKey',
	],
	additionalProperties: false,
	properties: {
		id: {type: 'string', pattern: String.raw`^\d{16}$`},
		createdBy: {type: 'boolean'},
		quotas: {
			type: 'object',
			additionalProperties: {type: 'integer', minimum: 1, maximum: 1000},
		},
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
		costs: {
			type: 'object',
			required: ['enabled', 'associated'],
			additionalProperties: false,
			properties: {
				enabled: {
					type: 'object',
					propertyNames: tagKey,
					additionalProperties: {type: 'string'},
				},
				associated: {type: 'boolean'},
			},
		},
		tagPolicies: {
			type: 'object',
			required: ['attached', 'strong'],
			additionalProperties: false,
			properties: {
				attached: {type: 'array', items: {type: 'string'}, uniqueItems: true},
				strong: {type: 'boolean'},
			},
		},
		accessKey,
	},
};

/** The world's clock: seconds ahead of this machine's time (at most ten years). */
export const clock = {
	type: 'object',
	required: ['offset'],
	additionalProperties: false,
	properties: {
		offset: {type: 'integer', minimum: 0, maximum: 10 * 366 * 86_400},
	},
};

const ramName = text(128);
const policyRefs = {
	type: 'array',
	items: {
		type: 'object',
		required: ['type', 'name'],
		additionalProperties: false,
		properties: {type: {enum: ['System', 'Custom']}, name: ramName},
		if: {properties: {type: {const: 'System'}}},
		// eslint-disable-next-line unicorn/no-thenable -- JSON Schema's keyword
		then: {properties: {name: {enum: systemPolicyNames}}},
	},
};

/**
A RAM user, group or custom policy. A policy's document is kept as written and
parsed when it is used; a file whose document no longer parses is refused when
the policy is evaluated, naming the policy.
*/
export const ramEntity = {
	type: 'object',
	required: ['kind', 'name', 'created'],
	properties: {
		kind: {enum: ['user', 'group', 'policy']},
		name: ramName,
		created: {type: 'string'},
	},
	oneOf: [
		{
			additionalProperties: false,
			required: ['id', 'accessKeys', 'policies'],
			properties: {
				kind: {const: 'user'},
				name: {},
				created: {},
				id: {type: 'string', pattern: '^[1-9][0-9]{15}$'},
				accessKeys: {type: 'array', items: accessKey},
				policies: policyRefs,
			},
		},
		{
			additionalProperties: false,
			required: ['members', 'policies'],
			properties: {
				kind: {const: 'group'},
				name: {},
				created: {},
				members: {type: 'array', items: ramName},
				policies: policyRefs,
			},
		},
		{
			additionalProperties: false,
			required: ['description', 'document'],
			properties: {
				kind: {const: 'policy'},
				name: {},
				created: {},
				description: text(1024),
				document: {type: 'string', maxLength: 6144},
			},
		},
	],
};

/**
A preset tag or a tag policy. A policy's document is kept as written and
parsed when it is used.
*/
export const governanceEntity = {
	type: 'object',
	required: ['kind', 'created', 'description'],
	properties: {
		kind: {enum: ['preset', 'policy']},
		created: {type: 'string'},
		description: text(1024),
	},
	oneOf: [
		{
			additionalProperties: false,
			required: ['key', 'values'],
			properties: {
				kind: {const: 'preset'},
				created: {},
				description: {},
				key: tagKey,
				values: {type: 'array', items: text(128), maxItems: 1000},
			},
		},
		{
			additionalProperties: false,
			required: ['name', 'document'],
			properties: {
				kind: {const: 'policy'},
				created: {},
				description: {},
				name: {type: 'string', pattern: String.raw`^[\w\-]{1,128}$`},
				document: {type: 'string', maxLength: 10_000},
			},
		},
	],
};
